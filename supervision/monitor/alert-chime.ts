/**
 * The monitor's alert sound: two short tones (three, higher, for a critical alert), made with Web
 * Audio so it needs no file. Browsers start audio only after a user gesture: `unlock` on a click.
 */
export class AlertChime {
	private ctx: AudioContext | null = null;

	unlock(): void {
		if (typeof AudioContext === 'undefined') return;
		this.ctx ??= new AudioContext();
		if (this.ctx.state === 'suspended') void this.ctx.resume().catch(() => undefined);
	}

	play(critical: boolean): void {
		this.unlock();
		const ctx = this.ctx;
		if (!ctx || ctx.state !== 'running') return;
		const tones = critical ? [880, 660, 880] : [660, 880];
		tones.forEach((hz, i) => {
			const at = ctx.currentTime + i * 0.22;
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.frequency.value = hz;
			gain.gain.setValueAtTime(0.0001, at);
			gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
			gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
			osc.connect(gain).connect(ctx.destination);
			osc.start(at);
			osc.stop(at + 0.21);
		});
	}
}
