/** A forked bench process (client or baseline server) talked to by IPC messages. */
import { fork, type ChildProcess } from 'node:child_process';
import { nodeArgsFrom } from '../../tests/support/spawn-server';

export interface Reply {
	op: string;
	[k: string]: unknown;
}

/** `ask` sends a message and waits for the next reply; replies come in the order asked. */
export class Child {
	private waiting: ((m: Reply) => void)[] = [];
	private inbox: Reply[] = [];
	constructor(readonly proc: ChildProcess) {
		proc.on('message', (m: Reply) => {
			const w = this.waiting.shift();
			if (w) w(m);
			else this.inbox.push(m);
		});
	}
	static start(script: string, nodeArgs: string[] = []): Child {
		return new Child(fork(script, [], { execArgv: [...nodeArgsFrom('HALLQ_CHILD_NODE_ARGS'), ...nodeArgs, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
	}
	next(): Promise<Reply> {
		const m = this.inbox.shift();
		if (m) return Promise.resolve(m);
		return new Promise((r) => this.waiting.push(r));
	}
	async ask(m: object): Promise<Reply> {
		this.proc.send(m);
		return this.next();
	}
	async stop(): Promise<void> {
		if (this.proc.exitCode !== null) return;
		const gone = new Promise((r) => this.proc.once('exit', r));
		this.proc.send({ op: 'close' });
		const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
		await gone;
		clearTimeout(t);
	}
}
