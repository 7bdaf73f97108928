// Prints `N passed, M failed` from a vitest JSON report. A failing build or lint step (the
// report is then missing) counts as one failure, so CI never reports green on a broken tree.
import fs from 'node:fs';

const [reportPath, status] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (fs.existsSync(reportPath)) {
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  if (report.numFailedTestSuites > 0 && failed === 0) failed = report.numFailedTestSuites;
} else {
  console.error('no test report: the build or lint step failed before the tests ran');
}
if (Number(status) !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
