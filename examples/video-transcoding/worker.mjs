/**
 * The video-transcoding worker: a process of its own that long-polls Baton for the
 * `transcode-video` activity (GetActivityTask) with @baton/sdk's createWorker, and answers each
 * task with SendTaskSuccess or SendTaskFailure. Run it next to `npm start`:
 *
 *   node examples/video-transcoding/worker.mjs     # BATON_URL (default http://127.0.0.1:22866), CONCURRENCY (default 3)
 *
 * A task asks for one rendition of a source video. The worker works out the rendition (frame
 * size keeping the source's aspect ratio, bitrates, HLS segments, expected size) and the ffmpeg
 * arguments that encode it; it does not run ffmpeg, so no encoder needs to be installed.
 */
import { createWorker } from '@baton/sdk';

const SEGMENT_SECONDS = 6;
const AUDIO_KBPS = 128;

function failure(name, message) {
  return Object.assign(new Error(message), { name });
}

/**
 * Plans one rendition of `source` ({ key, width, height, durationSeconds }). A rendition taller
 * than the source would only be upscaled: it fails with UpscaleRefused.
 */
function transcode({ videoId, source, rendition }) {
  for (const field of ['width', 'height', 'durationSeconds'])
    if (!(source?.[field] > 0)) throw failure('InvalidSource', `The source has no positive ${field}`);
  if (rendition.height > source.height)
    throw failure('UpscaleRefused', `${rendition.name} is taller than the ${source.height}p source`);
  // Keep the aspect ratio; H.264 wants even dimensions.
  const width = 2 * Math.round((source.width * rendition.height) / source.height / 2);
  const playlist = `videos/${videoId}/${rendition.name}/index.m3u8`;
  return {
    name: rendition.name,
    width,
    height: rendition.height,
    bandwidth: (rendition.videoKbps + AUDIO_KBPS) * 1000,
    playlist,
    segments: Math.ceil(source.durationSeconds / SEGMENT_SECONDS),
    expectedBytes: Math.round(((rendition.videoKbps + AUDIO_KBPS) * 1000 * source.durationSeconds) / 8),
    ffmpegArgs: [
      ...['-i', source.key, '-vf', `scale=${width}:${rendition.height}`],
      ...['-c:v', 'libx264', '-b:v', `${rendition.videoKbps}k`, '-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`],
      ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), playlist],
    ],
  };
}

const endpoint = process.env.BATON_URL ?? 'http://127.0.0.1:22866';
const worker = createWorker({
  endpoint,
  // The three renditions of a video arrive at once (a Parallel state): one poller each.
  concurrency: Number(process.env.CONCURRENCY ?? 3),
  activities: { 'transcode-video': transcode },
});
worker.installSignalHandlers();
await worker.start();
console.log(`transcoding worker polling ${endpoint} for the transcode-video activity`);
