// node scripts/strip-target-features.mjs IN OUT: copies a wasm module without its
// `target_features` custom section, byte for byte otherwise (see scripts/build-wasm.sh).
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const bytes = readFileSync(input);
const leb = (at) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
};
const kept = [bytes.subarray(0, 8)];
let at = 8;
while (at < bytes.length) {
  const start = at;
  const id = bytes[at];
  const [size, body] = leb(at + 1);
  const end = body + size;
  let drop = false;
  if (id === 0) {
    const [nameLength, name] = leb(body);
    drop = bytes.toString('utf8', name, name + nameLength) === 'target_features';
  }
  if (!drop) kept.push(bytes.subarray(start, end));
  at = end;
}
writeFileSync(output, Buffer.concat(kept));
