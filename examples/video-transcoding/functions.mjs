/** The video-transcoding workflow's in-process step: publishing what the worker produced. */

/**
 * Writes the HLS master playlist over the renditions that were transcoded, best first; the
 * skipped ones (a branch's Catch) are listed apart. Without any rendition there is nothing to play.
 */
export function publishManifest({ videoId, renditions }) {
  const done = renditions.filter((r) => !r.skipped).sort((a, b) => b.bandwidth - a.bandwidth);
  if (done.length === 0)
    throw Object.assign(new Error(`No rendition of ${videoId} could be made`), { name: 'NoRenditions' });
  const manifest = [
    '#EXTM3U',
    ...done.flatMap((r) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height}`,
      `${r.name}/index.m3u8`,
    ]),
  ].join('\n');
  return {
    videoId,
    manifestKey: `videos/${videoId}/master.m3u8`,
    manifest,
    renditions: done.map((r) => r.name),
    skipped: renditions.filter((r) => r.skipped).map((r) => ({ name: r.name, reason: r.reason })),
  };
}
