// Verifies credentials with the Digital Credentials Consortium's verifier-core, the
// library behind the Learner Credential Wallet and VerifierPlus, exactly as it ships.
//
//   node verify.mjs <site-url> <routes.json>  < credentials.json  > results.json
//
// verifier-core resolves did:web over https and fetches contexts, status lists and
// schemas with fetch(). This script changes only where those requests go: https on the
// site's host goes to the test server (<site-url>, plain http), a URL listed in
// routes.json is answered from the file it names (the contexts and schemas the
// application ships), and any other request is refused, so nothing reaches the internet.
import { readFileSync } from 'node:fs';

const [siteUrl, routesFile] = process.argv.slice(2);
const site = new URL(siteUrl);
const routes = JSON.parse(readFileSync(routesFile, 'utf8'));
const realFetch = globalThis.fetch;
// stdout carries only the results: verifier-core logs some failures with console.log
// (a schema it cannot fetch, for one), which would otherwise land in front of them.
console.log = (...args) => console.error(...args);
console.info = console.log;
const requested = [];

globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  requested.push(request.url);
  if (routes[request.url]) {
    const body = readFileSync(routes[request.url]);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  if (url.host === site.host) {
    url.protocol = site.protocol;
    return realFetch(new Request(url.toString(), request));
  }
  throw new TypeError(`refused (not the test server, not shipped): ${request.url}`);
};

const { verifyCredential } = await import('@digitalcredentials/verifier-core');

const credentials = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const credential of credentials) {
  const result = await verifyCredential({ credential, knownDIDRegistries: [] });
  delete result.credential;
  for (const error of result.errors ?? []) {
    delete error.stackTrace;
  }
  results.push(result);
}
process.stdout.write(JSON.stringify({ results, requested }, null, 2));
