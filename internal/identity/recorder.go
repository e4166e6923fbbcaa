package identity

// Recorder receives the outcome of policy loads, for metrics. The metrics
// package implements it; the default does nothing.
type Recorder interface {
	// PolicyReload counts one reload of file (FileMappings or
	// FileBlocklist) with outcome OutcomeSuccess or OutcomeFailure.
	PolicyReload(file, outcome string)
	// PolicyValid says whether the file's last load succeeded, that is
	// whether the version on disk is the one in force.
	PolicyValid(file string, ok bool)
}

// Label values passed to a Recorder; they form fixed sets.
const (
	FileMappings   = "mappings"
	FileBlocklist  = "blocklist"
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

type nopRecorder struct{}

func (nopRecorder) PolicyReload(string, string) {}
func (nopRecorder) PolicyValid(string, bool)    {}
