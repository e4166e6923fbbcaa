// Package execute is the CRUD core behind POST /execute. It loads systems
// from YAML (systems/*.yaml, each optionally deep-merged over a template in
// system_types/), compiles their command templates at start-up, renders a
// command from a request's params and runs it through the system's
// connector. The Executor is shared by the HTTP handler and by workflow
// ACTION nodes; both get typed *Error values that carry the HTTP status.
package execute
