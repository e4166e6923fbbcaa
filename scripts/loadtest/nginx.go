package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"text/template"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// nginxConf is the edge: TLS with a required, CA-verified client
// certificate, forwarded to crudsvc as the escaped PEM in ssl-client-cert
// over pooled HTTP/1.1 upstream connections. One worker by default: on a
// small machine it keeps the edge's CPU share fixed and comparable between
// runs (-nginx-workers auto gives one per CPU).
var nginxConf = template.Must(template.New("nginx.conf").Parse(`daemon off;
master_process on;
worker_processes {{.Workers}};
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/nginx-error.log warn;

events { worker_connections 4096; }

http {
    access_log off;
    client_body_temp_path {{.Dir}}/nginx-body;
    proxy_temp_path {{.Dir}}/nginx-proxy;
    fastcgi_temp_path {{.Dir}}/nginx-fastcgi;
    uwsgi_temp_path {{.Dir}}/nginx-uwsgi;
    scgi_temp_path {{.Dir}}/nginx-scgi;

    upstream crudsvc {
        server {{.Upstream}};
        keepalive 64;
    }

    server {
        listen {{.Listen}} ssl;
        server_name localhost;

        ssl_certificate {{.ServerCert}};
        ssl_certificate_key {{.ServerKey}};
        ssl_client_certificate {{.CA}};
        ssl_verify_client on;

        location / {
            proxy_pass http://crudsvc;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header ssl-client-cert $ssl_client_escaped_cert;
        }
    }
}
`))

// nginxParams fill nginxConf.
type nginxParams struct {
	Dir, Workers, Upstream, Listen string
	ServerCert, ServerKey, CA      string
}

// startNginx writes nginx.conf into tmp and runs nginx from that prefix,
// in the foreground, until stopped. It is ready once a TLS handshake with
// client one's certificate gets an answer.
func startNginx(nginxBin, tmp, workers string, dev devenv.Layout, upstream, edge int) (*process, error) {
	conf := filepath.Join(tmp, "nginx.conf")
	f, err := os.Create(conf)
	if err != nil {
		return nil, err
	}
	err = nginxConf.Execute(f, nginxParams{
		Dir: tmp, Workers: workers, Upstream: loopback(upstream), Listen: loopback(edge),
		ServerCert: dev.Path(devenv.ServerCertFile), ServerKey: dev.Path(devenv.ServerKeyFile),
		CA: dev.Path(devenv.CACertFile),
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("writing nginx.conf: %w", err)
	}

	log, err := os.Create(filepath.Join(tmp, "nginx-stderr.log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(nginxBin, "-p", tmp, "-c", conf)
	cmd.Stdout, cmd.Stderr = log, log
	p, err := startProcess("nginx", cmd)
	if err != nil {
		return nil, err
	}
	client, err := newEdgeClient(dev, devenv.Client1CertFile, devenv.Client1KeyFile)
	if err != nil {
		p.stop()
		return nil, err
	}
	url := fmt.Sprintf("https://localhost:%d/health", edge)
	if err := waitFor(p, 30*time.Second, func() error { return client.expect("GET", url, "", 200) }); err != nil {
		p.stop()
		return nil, fmt.Errorf("%w\n%s", err, tail(log.Name()))
	}
	return p, nil
}
