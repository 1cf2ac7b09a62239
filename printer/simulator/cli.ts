import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PrinterSimulator, type SimulatorState } from './simulator';

/**
 * tsx printer/simulator/cli.ts --port 9100 --out artifacts/printer [--paper 58|80] [--host 0.0.0.0]
 * Type a command on stdin to switch the printer's state (see HELP).
 */
const HELP = `commands: ready | paper ok | paper near | paper out | cover open | cover closed | offline | online | error | error off | silent | silent off | run out after <bytes> | state | quit`;

const COMMANDS: Record<string, Partial<SimulatorState>> = {
	ready: { online: true, paper: 'ok', coverOpen: false, error: false, silent: false },
	'paper ok': { paper: 'ok' },
	'paper near': { paper: 'nearEnd' },
	'paper out': { paper: 'out' },
	'cover open': { coverOpen: true },
	'cover closed': { coverOpen: false },
	offline: { online: false },
	online: { online: true },
	error: { error: true },
	'error off': { error: false },
	silent: { silent: true },
	'silent off': { silent: false }
};

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '9100' },
			host: { type: 'string', default: '127.0.0.1' },
			out: { type: 'string', default: 'artifacts/printer' },
			paper: { type: 'string', default: '80' }
		}
	});
	const paper = values.paper === '58' ? 58 : 80;
	const simulator = new PrinterSimulator({ paper, outDir: values.out });
	const port = await simulator.listen(Number(values.port), values.host);
	say(`printer simulator (${paper} mm) on ${values.host}:${port}, previews in ${values.out}`);
	say(HELP);
	simulator.on('job', (job: { index: number; bytes: Uint8Array; complete: boolean; svgPath: string | null; text: string }) => {
		const firstLines = job.text.split('\n').filter(Boolean).slice(0, 3).join(' | ');
		say(`job ${job.index}: ${job.bytes.length} bytes${job.complete ? '' : ' (INCOMPLETE)'}${job.svgPath ? ` → ${job.svgPath}` : ''}  ${firstLines}`);
	});
	simulator.on('state', (state: SimulatorState) => say(`state: ${JSON.stringify(state)}`));

	const input = createInterface({ input: process.stdin });
	input.on('line', (raw) => {
		const line = raw.trim().toLowerCase();
		const runOut = /^run out after (\d+)$/.exec(line);
		if (runOut) {
			simulator.runOutOfPaperAfter(Number(runOut[1]));
			say(`the paper runs out after ${runOut[1]} more job bytes`);
		} else if (line === 'state') say(JSON.stringify(simulator.state));
		else if (line === 'quit') void shutdown();
		else if (COMMANDS[line]) simulator.setState(COMMANDS[line]);
		else if (line) say(HELP);
	});

	const shutdown = async (): Promise<void> => {
		input.close();
		await simulator.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown());
	process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
