// Runs dynalite for DynaliteServer (Java) as its child process, in memory.
// Usage: node dynalite-child.js <path to node_modules/dynalite> <host> <port; 0 picks a free one>
// Prints one line "dynalite-listening <port>" once the server accepts connections.
'use strict'

const [dynalitePath, host, port] = process.argv.slice(2)

// The JVM holds our stdin pipe. When it goes away, even by SIGKILL, the pipe closes: exit then, so no orphan
// node outlives the build.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()

// Tables and indexes become ACTIVE at once (the stand-in it replaces did the same), so callers need no waiter after CreateTable
// (dynalite's default keeps them CREATING for 500 ms). No path option: the LevelDB store stays in memory.
const server = require(dynalitePath)({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.on('error', (error) => {
  console.error('dynalite-child: ' + error.message)
  process.exit(2)
})
server.listen(Number(port), host, () => {
  console.log('dynalite-listening ' + server.address().port)
})
