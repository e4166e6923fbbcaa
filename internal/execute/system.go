package execute

import (
	"fmt"
	"time"

	"github.com/crudservice/crudsvc/internal/connector"
)

// system is one loaded back-end system.
type system struct {
	name        string
	file        string
	def         *systemDef
	conn        connector.Connector
	connection  map[string]any // rendered connection without credentials
	env         envLookup
	objectTypes map[string]map[string]*command
}

// compileSystem compiles every command of def.
func compileSystem(def *systemDef, connection map[string]any) (*system, []error) {
	sys := &system{
		name:        def.Name,
		def:         def,
		connection:  connection,
		objectTypes: map[string]map[string]*command{},
	}

	var errs []error
	for ot, otDef := range def.ObjectTypes {
		sys.objectTypes[ot] = map[string]*command{}
		for action, cDef := range otDef.Commands {
			field := fmt.Sprintf("object_types.%s.commands.%s", ot, action)
			cmd, cerrs := compileCommand(cDef, field)
			errs = append(errs, cerrs...)
			sys.objectTypes[ot][action] = cmd
		}
	}
	return sys, errs
}

// open builds the connector and, for SQL systems, runs the setup
// statements.
func (s *system) open(def *systemDef, setupLimit time.Duration) error {
	c := def.Connection
	timeout, _ := parseDuration(c.Timeout)

	if def.Connector == "rest" {
		rest, err := connector.NewREST(restConfig(c, timeout))
		if err != nil {
			return err
		}
		s.conn = rest
		return nil
	}

	dsn := c.DSN
	if dsn == "" {
		dsn = c.URL
	}
	db, err := connector.OpenSQL(connector.SQLConfig{
		Driver: c.Driver, DSN: dsn, MaxOpenConns: c.MaxOpenConns, Timeout: timeout,
	})
	if err != nil {
		return err
	}
	s.conn = db

	if len(def.Setup) == 0 {
		return nil
	}
	ctx, cancel := setupContext(setupLimit)
	defer cancel()
	if err := db.Setup(ctx, def.Setup); err != nil {
		_ = db.Close()
		return fmt.Errorf("setup: %w", err)
	}
	return nil
}

func restConfig(c connectionDef, timeout time.Duration) connector.RESTConfig {
	retry := connector.RetryPolicy{}
	if c.Retries != nil {
		retry.Attempts = *c.Retries + 1
	}
	retry.MaxDelay, _ = parseDuration(c.RetryMaxWait)

	a := c.Auth
	return connector.RESTConfig{
		BaseURL: c.BaseURL,
		Timeout: timeout,
		Retry:   retry,
		Auth: connector.Auth{
			Type: a.Type, Username: a.Username, Password: a.Password, Token: a.Token,
			TokenURL: a.TokenURL, ClientID: a.ClientID, ClientSecret: a.ClientSecret,
			Scopes: a.Scopes,
		},
		PingMethod:   c.Ping.Method,
		PingEndpoint: c.Ping.Endpoint,
	}
}
