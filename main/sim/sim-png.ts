import { crc32, deflateSync } from 'node:zlib';

/**
 * A small PNG for a simulated phone's screen: a status bar, an app colour taken from the phone's id and a
 * band that moves with the time, so two screenshots of one phone differ and a test can tell them apart.
 */
export function phoneScreenPng(seed: string, at: number, width = 90, height = 160): Buffer {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const app = [(h >> 16) & 255, (h >> 8) & 255, h & 255];
  const band = Math.floor((at / 1000) % height);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const colour = y < 8 ? [20, 20, 20] : Math.abs(y - band) < 4 ? [250, 250, 250] : app;
    for (let x = 0; x < width; x++) row.set(colour, 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
