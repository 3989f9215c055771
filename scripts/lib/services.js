'use strict';
// PostgreSQL and Redis from Debian's packages, for n8n's queue mode (scale-out needs both:
// SQLite is not supported there). Installed with apt-get when missing, started on 127.0.0.1 on
// free ports with their data in a temporary folder, and stopped by the caller.

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const { freePort, run, runOrThrow, silent, startProcess, tail, waitUntilReady } = require('./n8n');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The directory holding PostgreSQL's server binaries (initdb, postgres), or undefined. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function redisServerBin() {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => fs.existsSync(file));
}

/**
 * Installs the Debian packages for whatever of PostgreSQL (server and psql) and Redis is
 * missing: as root directly, otherwise through passwordless sudo.
 */
async function ensureQueueServices({ log = silent } = {}) {
	const missing = [];
	if (!postgresBinDir() || !fs.existsSync('/usr/bin/psql')) missing.push('postgresql');
	if (!redisServerBin()) missing.push('redis-server');
	if (missing.length) {
		const sudo = isRoot() ? [] : ['sudo', '-n'];
		const apt = (args) => {
			const [command, ...rest] = [...sudo, 'apt-get', ...args];
			return runOrThrow(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 15 * 60 * 1000 });
		};
		await log.progress(`installing ${missing.join(' and ')} from Debian's packages`, async () => {
			await apt(['update']);
			await apt(['install', '-y', '--no-install-recommends', ...missing]);
		});
	}
	const bin = postgresBinDir();
	const redis = redisServerBin();
	if (!bin || !redis) throw new Error('PostgreSQL or Redis is still missing after apt-get install');
	return { postgresBin: bin, redisBin: redis };
}

/** The postgres system user's ids, for running PostgreSQL when we are root. */
async function postgresUser() {
	const uid = Number((await runOrThrow('id', ['-u', 'postgres'])).stdout.trim());
	const gid = Number((await runOrThrow('id', ['-g', 'postgres'])).stdout.trim());
	return { uid, gid };
}

/**
 * A throw-away PostgreSQL cluster: initdb into `dir` (trust authentication, loopback only,
 * durability off: it is deleted afterwards), started on a free port with database `database`.
 * Returns { host, port, user, database, stop(), logs() }.
 */
async function startPostgres({ bin, dir, database = 'n8n', user = 'n8n', log = silent }) {
	const as = isRoot() ? await postgresUser() : undefined;
	const dataDir = path.join(dir, 'data');
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if (as) {
		fs.chownSync(dir, as.uid, as.gid);
		fs.chownSync(dataDir, as.uid, as.gid);
	}
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	await log.progress('initdb', async () => {
		const result = await new Promise((resolve, reject) => {
			const child = spawn(path.join(bin, 'initdb'), ['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
				stdio: ['ignore', 'pipe', 'pipe'],
				cwd: dir,
				uid: as?.uid,
				gid: as?.gid,
			});
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, output }));
		});
		if (result.code !== 0) throw new Error(`initdb failed (${result.code})\n${tail(result.output, 30)}`);
	}, { quiet: true });
	const service = startProcess(
		path.join(bin, 'postgres'),
		['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
		{ logFile, as, cwd: dir },
	);
	const psql = (sql, db = 'postgres') => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { timeoutMs: 20000 });
	await waitUntilReady(service, async () => (await psql('SELECT 1')).code === 0, { label: 'PostgreSQL', log, everyMs: 250, timeoutMs: 60000 });
	const created = await psql(`CREATE DATABASE ${database}`);
	if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	log(`PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
	return { host: '127.0.0.1', port, user, database, psql, stop: service.stop, logs: service.logs };
}

/** Redis on a free loopback port, no persistence. Returns { host, port, stop(), logs() }. */
async function startRedis({ bin, dir, log = silent }) {
	const port = await freePort();
	const service = startProcess(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ logFile: path.join(dir, 'redis.log'), cwd: dir },
	);
	await waitUntilReady(service, () => ping(port), { label: 'Redis', log, everyMs: 250, timeoutMs: 60000 });
	log(`Redis on 127.0.0.1:${port}`);
	return { host: '127.0.0.1', port, stop: service.stop, logs: service.logs };
}

/** Redis answers PING with +PONG. */
function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => done(String(data).startsWith('+PONG')));
	});
}

/** A temporary folder the postgres user can enter when we are root. */
function serviceDir(prefix) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	fs.chmodSync(dir, 0o755);
	return dir;
}

module.exports = { ensureQueueServices, startPostgres, startRedis, serviceDir };
