package devenv

import "strings"

// Banner is the warning `crudsvc dev` prints on stderr before anything
// else, so that no one mistakes the run for a deployment.
func Banner(dir string) string {
	rule := strings.Repeat("=", 76)
	return rule + "\n" +
		"  crudsvc dev: FOR DEVELOPMENT ONLY\n" +
		"  The CA, certificates, keys and tokens in\n" +
		"    " + dir + "\n" +
		"  are throwaway: the keys sit unencrypted on disk and anyone can mint\n" +
		"  tokens with them. Never use them, or this command, in production.\n" +
		rule + "\n"
}
