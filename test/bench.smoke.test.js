/**
 * CI smoke version of `npm run bench`: every benchmark at a tiny size, one round, the emulator
 * in-process. Each benchmark checks its own outputs (links created once each with the expected
 * bodies, complete listings, …) and throws if they are wrong. No timing assertions.
 */
const { formatTable } = require('../bench/lib/common');
const { BENCHMARKS, runAll } = require('../bench/run');

jest.setTimeout(300000);

test.each(BENCHMARKS)('%s completes with correct outputs', async (name) => {
	// Progress and the table go to the console, so the suite's log collector (and its secret scan) sees them.
	const { rows, results } = await runAll([name], { smoke: true, log: (line) => console.log(line) });
	console.log(formatTable(rows));
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) {
		expect(row.benchmark).toMatch(/^(create|list|paced|routing)/);
		expect(row.result).toBeTruthy();
	}
	const result = results[name];
	if (name === 'paced-1000' || name === 'paced-concurrent') {
		const rounds = name === 'paced-1000' ? Object.values(result.measurements).flatMap((m) => m.rounds) : result.measurements.rounds;
		expect(rounds.length).toBeGreaterThan(0);
		for (const round of rounds) {
			expect(round.failed).toBe(0);
			expect(round.duplicates).toBe(0);
			expect(round.bodiesOk).toBe(true);
			expect(round.created).toBe(round.expected);
		}
	}
	if (name === 'paced-1000-naive' && !result.skipped) {
		expect(result.measurements.failed + result.measurements.created).toBe(50);
		expect(result.measurements.duplicates).toBe(0);
	}
	if (name === 'routing-cost') {
		expect(Object.keys(result.measurements.shares)).toEqual(expect.arrayContaining(['expressions']));
		// Every option of Create is set, and the bodies reach every leaf path but the unchosen alternative.
		expect(result.measurements.unset).toEqual([]);
		expect(result.measurements.coverage.covered).toBe(result.measurements.coverage.leaves - 1);
	}
});
