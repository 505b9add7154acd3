// The text Firefox copies from each PDF named on the command line, as JSON {path: [page texts]}.
// Firefox's viewer puts each text item in a span and a <br> after an item with hasEOL; a copy is the
// selection's text through normalizeUnicode, with NUL removed (web/text_layer_builder.js, getAllText).
import { readFile } from "node:fs/promises";

// pdf.js warns on the console (no canvas in node): keep standard output for the JSON.
console.log = console.warn = console.info = (...args) => process.stderr.write(args.join(" ") + "\n");

// Node 18 and 20 lack Promise.withResolvers, which pdf.js uses.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new this((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
};
const { getDocument, normalizeUnicode } = await import("pdfjs-dist/legacy/build/pdf.mjs");

async function pages(path) {
  const data = new Uint8Array(await readFile(path));
  const task = getDocument({ data, verbosity: 0, useSystemFonts: false });
  const doc = await task.promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const { items } = await (await doc.getPage(n)).getTextContent();
    const text = items.map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join("");
    out.push(normalizeUnicode(text).replaceAll("\x00", ""));
  }
  await task.destroy();
  return out;
}

const result = {};
for (const path of process.argv.slice(2)) result[path] = await pages(path);
process.stdout.write(JSON.stringify(result));
