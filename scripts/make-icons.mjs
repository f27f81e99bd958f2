// Draws the tray and app icons as PNGs (no image tooling needed): a phone outline, with a green
// "running" dot for the busy state. Run: node scripts/make-icons.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const phone = (x, y, ink, dot) => {
  const inBody = x > 0.25 && x < 0.75 && y > 0.1 && y < 0.9;
  const inScreen = x > 0.32 && x < 0.68 && y > 0.2 && y < 0.78;
  const d = Math.hypot(x - 0.74, y - 0.76);
  if (dot && d < 0.2) return d < 0.16 ? dot : [0, 0, 0, 0];
  if (inBody && !inScreen) return ink;
  return [0, 0, 0, 0];
};
mkdirSync('resources', { recursive: true });
mkdirSync('build', { recursive: true });
const grey = [90, 98, 112, 255];
const green = [26, 157, 85, 255];
for (const [name, size] of [
  ['tray-idle.png', 32],
  ['tray-running.png', 32],
  ['tray-idle@2x.png', 64],
  ['tray-running@2x.png', 64],
]) {
  writeFileSync(
    `resources/${name}`,
    png(size, (x, y) => phone(x, y, grey, name.includes('running') ? green : null)),
  );
}
writeFileSync(
  'build/icon.png',
  png(512, (x, y) => {
    const r = Math.hypot(x - 0.5, y - 0.5);
    const p = phone(x, y, [255, 255, 255, 255], null);
    return p[3] ? p : r < 0.48 ? [53, 99, 233, 255] : [0, 0, 0, 0];
  }),
);
console.log('icons written');
