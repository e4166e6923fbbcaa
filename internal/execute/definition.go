package execute

// systemDef is one systems/*.yaml file after merging over its type.
type systemDef struct {
	// Name is how requests address the system; the file name by default.
	Name string `yaml:"name"`
	// Type names the template in system_types/ this file was merged over.
	Type string `yaml:"type"`
	// Connector is "sql" or "rest".
	Connector  string        `yaml:"connector"`
	Connection connectionDef `yaml:"connection"`
	// Env lists the environment variables env() may read besides those
	// with EnvPrefix.
	Env []string `yaml:"env"`
	// Setup holds SQL statements run at every start, in order; they must be
	// idempotent (CREATE TABLE IF NOT EXISTS).
	Setup       []string                 `yaml:"setup"`
	ObjectTypes map[string]objectTypeDef `yaml:"object_types"`
}

type connectionDef struct {
	Driver       string  `yaml:"driver"`
	DSN          string  `yaml:"dsn"`
	URL          string  `yaml:"url"` // same as dsn
	MaxOpenConns int     `yaml:"max_open_conns"`
	BaseURL      string  `yaml:"base_url"`
	Timeout      string  `yaml:"timeout"`
	Retries      *int    `yaml:"retries"`
	RetryMaxWait string  `yaml:"retry_max_wait"`
	Auth         authDef `yaml:"auth"`
	Ping         pingDef `yaml:"ping"`
}

type authDef struct {
	Type         string   `yaml:"type"`
	Username     string   `yaml:"username"`
	Password     string   `yaml:"password"`
	Token        string   `yaml:"token"`
	TokenURL     string   `yaml:"token_url"`
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scopes       []string `yaml:"scopes"`
}

type pingDef struct {
	Method   string `yaml:"method"`
	Endpoint string `yaml:"endpoint"`
}

type objectTypeDef struct {
	Commands map[string]commandDef `yaml:"commands"`
}

// commandDef is one action. SQL actions use Statement, Params and Result;
// REST actions use Method, Endpoint, Query, Body and Headers.
type commandDef struct {
	Statement string   `yaml:"statement"`
	Params    []string `yaml:"params"`
	// Result is rows, one or affected; by default rows for statements that
	// return rows (SELECT, WITH, VALUES, or with RETURNING), else affected.
	Result         string            `yaml:"result"`
	Method         string            `yaml:"method"`
	Endpoint       string            `yaml:"endpoint"`
	Query          map[string]string `yaml:"query"`
	Body           any               `yaml:"body"`
	Headers        map[string]string `yaml:"headers"`
	RequiredParams []string          `yaml:"required_params"`
}
