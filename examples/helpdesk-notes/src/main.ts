import { createServer } from 'node:http';
import { type Deliver, freshdesk, print, zendesk } from './helpdesk.ts';
import { NOTE_LANGUAGES, type NoteLanguage } from './notes.ts';
import { createReceiver } from './receiver.ts';

// Settings, all from the environment (see README.md):
//   LIFELINE_WEBHOOK_SECRET  the endpoint's secret (whsec_…), required
//   PORT                     default 8787; HOST default 127.0.0.1
//   NOTE_LANGUAGE            en (default) or fr
//   ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN   post to Zendesk
//   FRESHDESK_DOMAIN, FRESHDESK_API_KEY                   post to Freshdesk
// With neither help desk set, notes are printed.
const env = process.env;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const secret = env.LIFELINE_WEBHOOK_SECRET ?? fail('Set LIFELINE_WEBHOOK_SECRET (whsec_…).');
const language = (env.NOTE_LANGUAGE ?? 'en') as NoteLanguage;
if (!NOTE_LANGUAGES.includes(language)) fail('NOTE_LANGUAGE is en or fr.');

let deliver: Deliver = print;
let target = 'standard output';
if (env.ZENDESK_SUBDOMAIN && env.ZENDESK_EMAIL && env.ZENDESK_API_TOKEN) {
  deliver = zendesk({
    subdomain: env.ZENDESK_SUBDOMAIN,
    email: env.ZENDESK_EMAIL,
    apiToken: env.ZENDESK_API_TOKEN,
  });
  target = `Zendesk (${env.ZENDESK_SUBDOMAIN})`;
} else if (env.FRESHDESK_DOMAIN && env.FRESHDESK_API_KEY) {
  deliver = freshdesk({ domain: env.FRESHDESK_DOMAIN, apiKey: env.FRESHDESK_API_KEY });
  target = `Freshdesk (${env.FRESHDESK_DOMAIN})`;
}

const receiver = createReceiver({ secret, language, deliver });
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';
createServer((req, res) => {
  receiver(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
  });
}).listen(port, host, () => {
  console.log(`helpdesk-notes on http://${host}:${port}/, notes to ${target} in ${language}`);
});
