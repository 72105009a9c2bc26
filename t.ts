import sharp from 'sharp';
import { makeLetter, rng } from './tools/letters/spec.ts';
import { renderScan } from './tools/letters/render.ts';
import { loadOrg } from './profiles/load.ts';
const spec = makeLetter(loadOrg(), 300000);
const { data, effects } = await renderScan(spec, rng(5), 'png');
console.log(
  effects,
  await sharp(data)
    .metadata()
    .then((m) => [m.channels, m.density]),
);
await sharp(data).resize(600).toFile('/tmp/v4.png');
