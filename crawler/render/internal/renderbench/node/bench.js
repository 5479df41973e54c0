// Puppeteer baseline for crawler/render/internal/renderbench.
// Usage: node bench.js CHROMIUM CONCURRENCY QUIET_MS URL...
// (URLs may also come one per line on stdin when none are given.)
// Renders every URL in one browser with CONCURRENCY pages at a time: load
// event, then QUIET_MS without network activity, then page.content().
// Prints one JSON line: {"pages":N,"errors":N,"bytes":N}.
"use strict";
const puppeteer = require("puppeteer-core");

async function main() {
  const [bin, conc, quiet, ...urls] = process.argv.slice(2);
  if (urls.length === 0) {
    const input = require("fs").readFileSync(0, "utf8");
    urls.push(...input.split("\n").filter(Boolean));
  }
  // The flags crawler/render adds that change the work per page; the
  // resolver rule and dead proxy are left out (puppeteer fetches itself).
  const args = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--lang=zh-CN", "--window-size=1366,900",
    "--disable-features=site-per-process,TranslateUI,OptimizationHints,MediaRouter,AutofillServerCommunication," +
      "CertificateTransparencyComponentUpdater,PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup"];
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
  const browser = await puppeteer.launch({ executablePath: bin, headless: true, args });
  let next = 0, errors = 0, bytes = 0;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= urls.length) return;
      const page = await browser.newPage();
      try {
        await page.goto(urls[i], { waitUntil: "load", timeout: 20000 });
        await page.waitForNetworkIdle({ idleTime: Number(quiet), timeout: 20000 });
        bytes += (await page.content()).length;
      } catch (e) {
        errors++;
      } finally {
        await page.close();
      }
    }
  }
  await Promise.all(Array.from({ length: Number(conc) }, worker));
  await browser.close();
  process.stdout.write(JSON.stringify({ pages: urls.length, errors, bytes }) + "\n");
}

main().catch((e) => { console.error(e); process.exit(1); });
