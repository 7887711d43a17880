// A vitest globalSetup for the packages whose tests create network namespaces: the run fails, naming
// them, when a namespace made with createTestNetns during the run is still there at the end (a test file
// that forgot its afterAll, or whose cleanup failed). Use it as
// `globalSetup: ['@linx/test-kit/netns-global-setup']` in vitest.config.ts.
import { startNetnsLedger } from './netns-ledger.js';

export default function setup(): () => void {
  const ledger = startNetnsLedger();
  return () => {
    const left = ledger.check();
    ledger.close();
    if (left.length > 0) {
      // vitest prints an error thrown here ("error during close") but still exits with 0: the exit code
      // is set here, in vitest's own process, where the teardown runs.
      process.exitCode = 1;
      throw new Error(`test network namespaces left behind: ${left.join(', ')} (delete them with \`ip netns delete NAME\`; the test file that made one did not remove it)`);
    }
  };
}
