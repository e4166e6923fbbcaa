// Package workflow holds durable workflows: definitions loaded from YAML, the
// engine that runs them, the state store that makes a run survive a restart,
// and the /workflow/* HTTP handlers.
//
// A definition is a graph of nodes joined by edges. A run starts at START,
// follows every edge whose condition is true, and runs the nodes that become
// ready in parallel, a bounded number at a time. A USER_INTERACTION node
// stores a task and parks its branch; the run is "waiting" until the task is
// resumed. Every step is persisted, so a run resumes on any replica that
// shares the store, and optimistic concurrency on the run's state version
// makes exactly one of several concurrent resumes win.
//
// The ACTION node reaches the CRUD executor through [ActionRunner], which the
// wiring layer adapts; this package does not depend on the executor.
// docs/workflows.md describes the YAML schema and the HTTP contract.
package workflow
