// How every browser run of this project launches Chromium: Debian's where it is installed (CI,
// this project's machines), else Playwright's own (a laptop). Without the networking flags
// Chromium stalls on a closed network, trying to reach its own services.
import { existsSync } from "node:fs";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_LAUNCH = {
  executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
