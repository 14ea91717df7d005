/** `npm install` runs this (postinstall); `npm run provision` runs it by hand. */
import { provision } from './temporal-binaries';

try {
  console.log(provision());
} catch (err) {
  console.error(`huanjie: ${(err as Error).message}`);
  process.exit(1);
}
