// Size profile of a wasm module: code bytes per crate, from the name section.
// Usage: node scripts/wasm-profile.mjs target/wasm32-unknown-unknown/release/lastaccessed.wasm [top]
// Works on the cargo output (it keeps the name section); wasm-opt then shrinks
// every crate by roughly the same factor.
import { readFileSync } from "node:fs";

const bytes = readFileSync(process.argv[2]);
const top = Number(process.argv[3] ?? 25);
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const str = () => { const n = u32(); const s = bytes.toString("utf8", pos, pos + n); pos += n; return s; };

let imports = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) { // imports: count function imports (they take function indices first)
    for (let n = u32(), i = 0; i < n; i++) {
      str(); str();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); imports++; }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    for (let n = u32(), i = 0; i < n; i++) { const len = u32(); bodies.push(len); pos += len; }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const name = str();
    if (name === "name") {
      while (pos < end) {
        const sub = bytes[pos++];
        const len = u32();
        const subEnd = pos + len;
        if (sub === 1) for (let n = u32(), i = 0; i < n; i++) { const idx = u32(); names.set(idx, str()); }
        pos = subEnd;
      }
    }
  }
  pos = end;
}

// Attribute a mangled symbol to a crate (to a module for this crate's own code).
function crateOf(name) {
  if (!name) return "(unnamed)";
  const v0 = name.match(/^_R.*?C[sv]?[0-9A-Za-z]*?_(\d+)([A-Za-z_][A-Za-z0-9_]*)/);
  let parts = [];
  if (name.startsWith("_ZN")) {
    let i = 3;
    while (i < name.length && /\d/.test(name[i])) {
      const m = name.slice(i).match(/^(\d+)/);
      const n = Number(m[1]);
      i += m[1].length;
      parts.push(name.slice(i, i + n));
      i += n;
    }
  } else if (v0) {
    parts = [v0[2]];
  } else {
    return name.split(/::|\$/)[0] || name;
  }
  // "<T as Trait>::f" is mangled as "$LT$T$u20$as$u20$Trait$GT$": use T's crate.
  let first = (parts[0] ?? "").replace(/^_?\$LT\$/, "").replace(/^(\$RF\$|mut\$u20\$|\$u5b\$)+/, "");
  const crate = first.split(/\.\.|\$/)[0];
  if (crate === "lastaccessed") {
    const mods = parts[0].startsWith("$") ? first.split("..") : parts;
    return mods.slice(0, 3).filter((m) => !/^h[0-9a-f]{16}$/.test(m)).join("::");
  }
  return crate || name.slice(0, 40);
}
const byCrate = new Map();
let total = 0;
bodies.forEach((len, i) => {
  const c = crateOf(names.get(i + imports));
  byCrate.set(c, (byCrate.get(c) ?? 0) + len);
  total += len;
});
console.log(`code ${total} bytes in ${bodies.length} functions; data ${dataBytes} bytes`);
for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${String(n).padStart(9)}  ${(100 * n / total).toFixed(1).padStart(5)} %  ${c}`);
}
