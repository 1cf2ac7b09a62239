/**
 * The reader simulator on a TCP port (the lead wires it as `npm run reader:sim`):
 *
 *   tsx cardreader/simulator/cli.ts [--port 7010] [--chunk whole|64|random] [--seed 1]
 *
 * Then type commands on stdin: `insert [resident|hmt-residence|foreign-2017|foreign-2023] [YYYY-MM-DD]`,
 * `remove`, `bad-checksum [n]`, `read-failure [n]`, `select-failure [n]`, `no-answer [n]`,
 * `garbage [n]`, `drop` (end the connection, like an unplug), `chunk whole|64|random`, `status`, `quit`.
 * Every card is fictitious (simulator/identities.ts).
 */
import { createInterface } from 'node:readline';
import { CARD_KINDS, displayName, type CardKind } from '../layouts/index';
import { maskIdNumber } from '../id-number';
import { fictitiousCard, seededRandom } from './identities';
import { SimulatedSam, type Chunking, type Faults } from './simulated-sam';
import { startSimulatorServer } from './server';

function argument(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback;
}

function chunking(value: string): Chunking {
	if (value === 'random') return { kind: 'random', max: 80 };
	const size = Number(value);
	return Number.isInteger(size) && size > 0 ? { kind: 'fixed', size } : { kind: 'whole' };
}

const FAULTS: Record<string, keyof Faults> = {
	'bad-checksum': 'badChecksum',
	'read-failure': 'readFailure',
	'select-failure': 'selectFailure',
	'no-answer': 'noAnswer',
	garbage: 'garbage'
};

const random = seededRandom(Number(argument('seed', '1')));
const sam = new SimulatedSam({ chunking: chunking(argument('chunk', 'whole')), seed: Number(argument('seed', '1')) });
const server = await startSimulatorServer(sam, { port: Number(argument('port', '7010')), host: argument('host', '127.0.0.1') });
console.warn(`reader simulator on tcp://127.0.0.1:${server.port} (fictitious cards only); type "help"`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
	const [command = '', arg] = line.trim().split(/\s+/);
	if (command === 'insert') {
		const kind: CardKind = CARD_KINDS.includes(arg as CardKind) ? (arg as CardKind) : 'resident';
		const birthDate = line.trim().split(/\s+/)[2];
		const card = fictitiousCard(kind, random, birthDate ? { birthDate } : {});
		sam.insert(card);
		console.warn(`inserted ${kind}: ${displayName(card)} ${maskIdNumber(card.idNumber)}`);
	} else if (command === 'remove') {
		sam.remove();
		console.warn('removed');
	} else if (command in FAULTS) {
		const key = FAULTS[command];
		if (key) sam.faults[key] = Number(arg ?? (key === 'garbage' ? 16 : 1));
		console.warn(`fault ${command} ${sam.faults[key ?? 'badChecksum']}`);
	} else if (command === 'drop') {
		server.dropConnection();
		console.warn('connection dropped');
	} else if (command === 'chunk') {
		sam.chunking = chunking(arg ?? 'whole');
		console.warn(`chunking ${JSON.stringify(sam.chunking)}`);
	} else if (command === 'status') {
		console.warn(JSON.stringify({ card: sam.currentCard?.kind ?? null, faults: sam.faults, requests: sam.requests.length }));
	} else if (command === 'quit') {
		break;
	} else {
		console.warn('commands: insert [kind] [birth date], remove, bad-checksum|read-failure|select-failure|no-answer|garbage [n], drop, chunk whole|64|random, status, quit');
	}
}
await server.close();
