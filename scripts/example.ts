/**
 * `npm run --silent example [-- --compressed [minutes]]`: prints the example campaign (the
 * speech's city) as the JSON body of `POST /api/campaigns`. With `--compressed`, its steps
 * fall due minutes apart from now (5 by default), so its reminders and escalations arrive
 * within the hour; without, it is the 2027 calendar.
 */
import { compressedCampaign, yiwuCampaign } from '../examples/yiwu';

const args = process.argv.slice(2);
const at = args.indexOf('--compressed');
const minutes = at >= 0 && args[at + 1] ? Number(args[at + 1]) : 5;
if (!(minutes > 0)) {
  console.error('usage: npm run --silent example [-- --compressed [minutes per step]]');
  process.exit(2);
}
const definition = at >= 0 ? compressedCampaign(Date.now(), minutes * 60_000) : yiwuCampaign;
console.log(JSON.stringify(definition, null, 2));
