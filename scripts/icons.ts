/*
 * Draws the two Teams app icons into manifest/: color.png (192×192, the accent colour behind a white badge
 * with a check mark) and outline.png (32×32, the same badge in white on transparent, as Teams requires).
 * The PNGs are committed; this script is how they were made, so a change of shape or colour is one run.
 *
 *   npx tsx scripts/icons.ts
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';

/** The accent colour, also `accentColor` in the manifest. */
export const accentColor = '#0F6CBD';

type Shape = (x: number, y: number) => boolean;

/** A badge in unit coordinates (0..1): a ring, and a check mark inside it. */
function badge(stroke: number): Shape {
  const distanceToSegment = (x: number, y: number, ax: number, ay: number, bx: number, by: number): number => {
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
  };
  return (x, y) => {
    const r = Math.hypot(x - 0.5, y - 0.5);
    const ring = Math.abs(r - 0.36) < stroke / 2;
    const check =
      distanceToSegment(x, y, 0.33, 0.52, 0.45, 0.64) < stroke / 2 ||
      distanceToSegment(x, y, 0.45, 0.64, 0.68, 0.38) < stroke / 2;
    return ring || check;
  };
}

/** Coverage of each pixel by the shape, 4×4 supersampled so the edges are smooth. */
function coverage(size: number, shape: Shape, x: number, y: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i += 1)
    for (let j = 0; j < 4; j += 1) if (shape((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits += 1;
  return hits / 16;
}

function draw(size: number, shape: Shape, background: readonly [number, number, number] | undefined): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) {
      const c = coverage(size, shape, x, y);
      const at = (y * size + x) * 4;
      if (background) {
        // Opaque: white over the accent colour.
        for (let k = 0; k < 3; k += 1) png.data[at + k] = Math.round((background[k] as number) * (1 - c) + 255 * c);
        png.data[at + 3] = 255;
      } else {
        // White only; the shape's coverage is the alpha.
        png.data.fill(255, at, at + 3);
        png.data[at + 3] = Math.round(255 * c);
      }
    }
  return PNG.sync.write(png);
}

async function main(): Promise<void> {
  const dir = path.join(__dirname, '..', 'manifest');
  const hex = (i: number): number => parseInt(accentColor.slice(1 + 2 * i, 3 + 2 * i), 16);
  await writeFile(path.join(dir, 'color.png'), draw(192, badge(0.07), [hex(0), hex(1), hex(2)]));
  await writeFile(path.join(dir, 'outline.png'), draw(32, badge(0.1), undefined));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`icons failed: ${String(error)}\n`);
    process.exit(1);
  });
}
