/**
 * Plain PCM WAV files, mono: read what espeak-ng writes (16-bit) and the board's voice clips
 * (8-bit), write either. PCM in a WAV container is the one format every browser decodes.
 */

export interface Pcm {
	sampleRate: number;
	/** Samples in −1…1. */
	samples: Float32Array;
}

export interface WavInfo extends Pcm {
	channels: number;
	bitsPerSample: number;
	format: number;
}

/** Reads a RIFF/WAVE file, PCM 8- or 16-bit (espeak-ng's output may carry a bogus data length when piped). */
export function readWav(buf: Buffer): WavInfo {
	if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
	let offset = 12;
	let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | null = null;
	while (offset + 8 <= buf.length) {
		const id = buf.toString('ascii', offset, offset + 4);
		let size = buf.readUInt32LE(offset + 4);
		const body = offset + 8;
		if (id === 'fmt ') {
			fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bitsPerSample: buf.readUInt16LE(body + 14) };
		} else if (id === 'data') {
			if (!fmt) throw new Error('data before fmt');
			if (fmt.format !== 1 || (fmt.bitsPerSample !== 16 && fmt.bitsPerSample !== 8)) throw new Error(`only PCM 8- or 16-bit, not format ${fmt.format} / ${fmt.bitsPerSample} bits`);
			if (size === 0 || body + size > buf.length) size = buf.length - body;
			const bytes = fmt.bitsPerSample / 8;
			const frames = Math.floor(size / bytes / fmt.channels);
			const samples = new Float32Array(frames);
			for (let i = 0; i < frames; i++) {
				const at = body + i * bytes * fmt.channels;
				samples[i] = bytes === 2 ? buf.readInt16LE(at) / 32768 : (buf.readUInt8(at) - 128) / 128;
			}
			return { ...fmt, samples };
		}
		offset = body + size + (size % 2);
	}
	throw new Error('no data chunk');
}

/** A mono PCM WAV file, 16-bit (signed) or 8-bit (unsigned, as WAV has it). */
export function writeWav({ sampleRate, samples }: Pcm, bitsPerSample: 8 | 16 = 16): Buffer {
	const bytes = bitsPerSample / 8;
	const data = samples.length * bytes;
	const buf = Buffer.alloc(44 + data);
	buf.write('RIFF', 0, 'ascii');
	buf.writeUInt32LE(36 + data, 4);
	buf.write('WAVE', 8, 'ascii');
	buf.write('fmt ', 12, 'ascii');
	buf.writeUInt32LE(16, 16);
	buf.writeUInt16LE(1, 20); // PCM
	buf.writeUInt16LE(1, 22); // mono
	buf.writeUInt32LE(sampleRate, 24);
	buf.writeUInt32LE(sampleRate * bytes, 28);
	buf.writeUInt16LE(bytes, 32);
	buf.writeUInt16LE(bitsPerSample, 34);
	buf.write('data', 36, 'ascii');
	buf.writeUInt32LE(data, 40);
	for (let i = 0; i < samples.length; i++) {
		const x = Math.max(-1, Math.min(1, samples[i]!));
		if (bytes === 2) buf.writeInt16LE(Math.round(x * 32767), 44 + i * 2);
		else buf.writeUInt8(Math.max(0, Math.min(255, Math.round(x * 127) + 128)), 44 + i);
	}
	return buf;
}
