package devenv

import "path/filepath"

// File names inside the development directory. Keys are written 0600.
const (
	CACertFile      = "ca.crt"
	CAKeyFile       = "ca.key"
	ServerCertFile  = "server.crt"
	ServerKeyFile   = "server.key"
	Client1CertFile = "client1.crt"
	Client1KeyFile  = "client1.key"
	Client2CertFile = "client2.crt"
	Client2KeyFile  = "client2.key"
	SigningKeyFile  = "signing-key.jwk"
	JWKSFile        = "jwks.json"

	// The service's own state, created at run time and removed by --reset.
	StateDBFile  = "state.db"
	DemoDBFile   = "demo.db"
	AuditLogFile = "audit.jsonl"
)

// DefaultDir is where `crudsvc dev` keeps its files, relative to the
// working directory.
const DefaultDir = ".dev"

// Layout names the files of one development directory.
type Layout struct {
	// Dir is the development directory, absolute.
	Dir string
}

// Path returns the path of name inside the directory.
func (l Layout) Path(name string) string { return filepath.Join(l.Dir, name) }

// material lists the files Ensure creates together: all present means the
// directory is reused, any missing means it is created afresh.
var material = []string{
	CACertFile, CAKeyFile, ServerCertFile, ServerKeyFile,
	Client1CertFile, Client1KeyFile, Client2CertFile, Client2KeyFile,
	SigningKeyFile, JWKSFile,
}

// runtimeFiles are written by the running service; --reset removes them
// too, with SQLite's side files.
var runtimeFiles = []string{
	StateDBFile, StateDBFile + "-wal", StateDBFile + "-shm", StateDBFile + "-journal",
	DemoDBFile, DemoDBFile + "-wal", DemoDBFile + "-shm", DemoDBFile + "-journal",
	AuditLogFile,
}
