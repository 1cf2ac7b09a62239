/**
 * Renders the board's voice clips: `npx tsx scripts/make-voice-clips.ts` writes static/voice/<id>.wav
 * for every clip of display/voice/clip-catalog.ts and static/voice/manifest.json. Spoken clips come
 * from espeak-ng (Debian package espeak-ng; Mandarin voice `cmn`, English voice `en`); the chime is
 * generated here. Every clip is trimmed of silence, levelled, resampled to 16 kHz mono 8-bit PCM
 * WAV (the one format every browser decodes; 8-bit keeps the ~100 clips under 1 MB at ~33 dB SNR,
 * enough for a hall's loudspeakers) and checked: not empty, not too long, all together under 1 MB.
 * The clips are committed: boards need no speech engine at run time. Run it again only when the
 * catalogue or the voice changes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIPS, type ClipSpec } from '../display/voice/clip-catalog';
import { readWav, writeWav, type Pcm } from '../tests/support/wav';

const OUT = 'static/voice';
const RATE = 16_000;
const BITS = 8;
const MAX_TOTAL_BYTES = 1_000_000;
/** espeak-ng words per minute: Mandarin a little slower than its 175 default, for a noisy hall. */
const SPEED = { zh: 160, en: 175 } as const;
const VOICE = { zh: 'cmn', en: 'en' } as const;
const PEAK = 0.85;

function espeakVersion(): string {
	try {
		return execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).replace(/\s+Data at:.*$/s, '').trim();
	} catch {
		console.error('espeak-ng is missing: run "sh scripts/install-system-packages.sh" (Debian package espeak-ng)');
		process.exit(1);
	}
}

function speak(clip: ClipSpec & { lang: 'zh' | 'en' }, dir: string): Pcm {
	const file = join(dir, 'clip.wav');
	execFileSync('espeak-ng', ['-v', VOICE[clip.lang], '-s', String(SPEED[clip.lang]), '-z', '-w', file, clip.text], { stdio: ['ignore', 'ignore', 'pipe'] });
	const wav = readWav(readFileSync(file));
	unlinkSync(file);
	if (wav.channels !== 1) throw new Error(`${clip.id}: espeak-ng wrote ${wav.channels} channels`);
	return wav;
}

/** Cuts the silence (and the inaudible tail, 30 dB under the peak) before and after the sound. */
function trim({ sampleRate, samples }: Pcm): Pcm {
	let peak = 0;
	for (const s of samples) peak = Math.max(peak, Math.abs(s));
	const threshold = peak * 0.03;
	let first = samples.findIndex((s) => Math.abs(s) > threshold);
	let last = samples.length - 1;
	while (last > 0 && Math.abs(samples[last]!) <= threshold) last--;
	if (first < 0) return { sampleRate, samples: new Float32Array(0) };
	const margin = Math.round(sampleRate * 0.01);
	first = Math.max(0, first - margin);
	last = Math.min(samples.length - 1, last + margin);
	return { sampleRate, samples: samples.slice(first, last + 1) };
}

/** Band-limited resampling (windowed sinc, cut below the lower Nyquist frequency). */
function resample({ sampleRate, samples }: Pcm, rate: number): Pcm {
	if (sampleRate === rate) return { sampleRate, samples };
	const ratio = sampleRate / rate;
	const cutoff = Math.min(1, rate / sampleRate) * 0.9;
	const half = 16;
	const out = new Float32Array(Math.floor(samples.length / ratio));
	for (let i = 0; i < out.length; i++) {
		const center = i * ratio;
		const from = Math.ceil(center - half / cutoff);
		const to = Math.floor(center + half / cutoff);
		let acc = 0;
		for (let j = from; j <= to; j++) {
			if (j < 0 || j >= samples.length) continue;
			const x = (j - center) * cutoff;
			const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
			const window = 0.5 + 0.5 * Math.cos((Math.PI * (j - center) * cutoff) / half);
			acc += samples[j]! * sinc * window * cutoff;
		}
		out[i] = acc;
	}
	return { sampleRate: rate, samples: out };
}

/** Every clip at the same peak level, with 5 ms fades so the joins do not click. */
function level({ sampleRate, samples }: Pcm): Pcm {
	let peak = 0;
	for (const s of samples) peak = Math.max(peak, Math.abs(s));
	const gain = peak > 0 ? PEAK / peak : 1;
	const fade = Math.round(sampleRate * 0.005);
	const out = samples.map((s, i) => s * gain * Math.min(1, i / fade, (samples.length - 1 - i) / fade));
	return { sampleRate, samples: out };
}

/** "Ding-dong": two decaying bell tones (E5 then C5) with a soft octave partial. */
function chime(): Pcm {
	const tones = [
		{ freq: 659.25, at: 0, length: 0.55 },
		{ freq: 523.25, at: 0.42, length: 0.75 }
	];
	const total = 1.2;
	const samples = new Float32Array(Math.round(total * RATE));
	for (const tone of tones) {
		const start = Math.round(tone.at * RATE);
		const n = Math.round(tone.length * RATE);
		for (let i = 0; i < n && start + i < samples.length; i++) {
			const t = i / RATE;
			const attack = Math.min(1, t / 0.008);
			const env = attack * Math.exp(-t * 4.2);
			const wave = Math.sin(2 * Math.PI * tone.freq * t) + 0.35 * Math.sin(2 * Math.PI * tone.freq * 2 * t) + 0.1 * Math.sin(2 * Math.PI * tone.freq * 3 * t);
			samples[start + i]! += 0.55 * env * wave;
		}
	}
	return level({ sampleRate: RATE, samples });
}

const version = espeakVersion();
const work = mkdtempSync(join(tmpdir(), 'hallq-voice-'));
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.endsWith('.wav')) unlinkSync(join(OUT, f));

const manifest: { id: string; lang: string; text: string; durationMs: number; bytes: number }[] = [];
const problems: string[] = [];
try {
	for (const clip of CLIPS) {
		const pcm = clip.lang === 'tone' ? chime() : level(resample(trim(speak(clip as ClipSpec & { lang: 'zh' | 'en' }, work)), RATE));
		const durationMs = Math.round((pcm.samples.length / pcm.sampleRate) * 1000);
		const wav = writeWav(pcm, BITS);
		writeFileSync(join(OUT, `${clip.id}.wav`), wav);
		manifest.push({ id: clip.id, lang: clip.lang, text: clip.text, durationMs, bytes: wav.length });
		if (durationMs < 80) problems.push(`${clip.id} ("${clip.text}") is ${durationMs} ms: empty?`);
		if (durationMs > 2000) problems.push(`${clip.id} ("${clip.text}") is ${durationMs} ms: too long`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
const totalBytes = manifest.reduce((n, c) => n + c.bytes, 0);
if (totalBytes > MAX_TOTAL_BYTES) problems.push(`the clips take ${totalBytes} bytes, more than ${MAX_TOTAL_BYTES}`);
writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify({ generator: version, sampleRate: RATE, bitsPerSample: BITS, totalBytes, clips: manifest }, null, '\t')}\n`);

for (const c of manifest) console.log(`${c.id.padEnd(28)} ${String(c.durationMs).padStart(5)} ms ${String(c.bytes).padStart(7)} B  ${c.text}`);
console.log(`${manifest.length} clips, ${(totalBytes / 1024).toFixed(0)} KiB in ${OUT}/ (${version})`);
if (problems.length > 0) {
	for (const p of problems) console.error(`problem: ${p}`);
	process.exit(1);
}
