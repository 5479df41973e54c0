package main

import (
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// deployed is what a deployment file's gongkai arguments set.
type deployed struct {
	queue, store, publish string // worker and audit
	from, data            string // pull, serve
}

// deployArgs runs the gongkai arguments of a deployment file through the
// command's own flag parser and validation, and returns what they set.
func deployArgs(t *testing.T, where string, args []string) deployed {
	t.Helper()
	if len(args) == 0 {
		t.Fatalf("%s: no gongkai arguments", where)
	}
	fs := newFlagSet(args[0], io.Discard)
	var validate func() error
	var collect func() deployed
	switch args[0] {
	case "worker":
		var f workerFlags
		f.register(fs)
		validate = f.validate
		collect = func() deployed { return deployed{queue: f.queue, store: f.store} }
	case "audit":
		var f auditFlags
		f.register(fs)
		validate = func() error { return f.validate(true) }
		collect = func() deployed { return deployed{queue: f.queue, store: f.store, publish: f.publish} }
	case "pull":
		var f pullFlags
		f.register(fs)
		validate = f.validate
		collect = func() deployed { return deployed{from: f.from, data: f.data} }
	case "serve":
		var f serveFlags
		f.register(fs)
		validate = func() error {
			g := f
			g.data = t.TempDir() // --data must exist, as it does in the container
			return g.validate()
		}
		collect = func() deployed { return deployed{data: f.data} }
	default:
		t.Fatalf("%s: gongkai %q is not worker, audit, pull or serve", where, args[0])
	}
	err := parseFlags(fs, args[1:], 0)
	if err == nil {
		err = validate()
	}
	if err != nil {
		t.Errorf("%s: gongkai %s: %v", where, strings.Join(args, " "), err)
	}
	return collect()
}

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestDeployManifests parses the Compose file and the Kubernetes
// manifests of deploy/: their gongkai arguments pass the real flag
// parsers; the workers and the coordinator name the same queue, on the
// NATS service the files define or the Helm chart makes; the coordinator
// publishes where the portal's gongkai pull reads, into the directory
// its gongkai serve serves; and the Kubernetes objects are shaped as they
// must be (selectors match their pods, the Job is not restarted behind
// --resume's back).
func TestDeployManifests(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "deploy")
	t.Run("compose", func(t *testing.T) { checkCompose(t, filepath.Join(root, "compose.yaml")) })
	t.Run("kubernetes", func(t *testing.T) { checkKubernetes(t, filepath.Join(root, "kubernetes")) })
}

func checkCompose(t *testing.T, file string) {
	var compose struct {
		Services map[string]struct {
			Image   string   `yaml:"image"`
			Command []string `yaml:"command"`
			Volumes []string `yaml:"volumes"`
		} `yaml:"services"`
	}
	readYAML(t, file, &compose)
	nats, ok := compose.Services["nats"]
	if !ok || !strings.Contains(strings.Join(nats.Command, " "), "-js") {
		t.Errorf("no nats service with JetStream (-js): %+v", nats)
	}
	args := func(name string) deployed {
		return deployArgs(t, "compose.yaml "+name, compose.Services[name].Command)
	}
	// volume returns the volume service name mounts at dir.
	volume := func(name, dir string) string {
		for _, v := range compose.Services[name].Volumes {
			if parts := strings.Split(v, ":"); len(parts) >= 2 && parts[1] == dir {
				return parts[0]
			}
		}
		t.Errorf("service %s mounts nothing at %s", name, dir)
		return ""
	}
	w, c, pull, serve := args("worker"), args("coordinator"), args("pull"), args("portal")
	if u, err := url.Parse(w.queue); err != nil || u.Hostname() != "nats" || w.queue != c.queue {
		t.Errorf("worker queue %q, coordinator queue %q: want both on the nats service", w.queue, c.queue)
	}
	if c.store == "" || c.publish == "" {
		t.Errorf("the coordinator has no --store or no --publish: %+v", c)
	}
	if volume("coordinator", c.publish) != volume("pull", pull.from) {
		t.Errorf("the coordinator publishes to %s, pull reads %s: want the same volume", c.publish, pull.from)
	}
	if volume("pull", pull.data) != volume("portal", serve.data) {
		t.Errorf("pull writes %s, the portal serves %s: want the same volume", pull.data, serve.data)
	}
}

type containerPort struct {
	Name string `yaml:"name"`
}

type container struct {
	Name         string          `yaml:"name"`
	Args         []string        `yaml:"args"`
	Ports        []containerPort `yaml:"ports"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

// volumeAt returns the volume c mounts at dir, or "".
func (c container) volumeAt(dir string) string {
	for _, m := range c.VolumeMounts {
		if m.MountPath == dir {
			return m.Name
		}
	}
	return ""
}

type podTemplate struct {
	Metadata struct {
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		RestartPolicy string      `yaml:"restartPolicy"`
		Containers    []container `yaml:"containers"`
	} `yaml:"spec"`
}

// workload is a Deployment or a Job.
type workload struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Spec       struct {
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		BackoffLimit *int        `yaml:"backoffLimit"`
		Template     podTemplate `yaml:"template"`
	} `yaml:"spec"`
}

// readObjects reads the objects of a multi-document YAML file by kind,
// each into a value of its own type from into.
func readObjects(t *testing.T, file string, into map[string]any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range strings.Split(string(data), "\n---\n") {
		var head struct {
			Kind string `yaml:"kind"`
		}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		v, ok := into[head.Kind]
		if !ok {
			t.Fatalf("%s: unexpected %s", file, head.Kind)
		}
		if err := yaml.Unmarshal([]byte(doc), v); err != nil {
			t.Fatalf("%s: %s: %v", file, head.Kind, err)
		}
		delete(into, head.Kind)
	}
	for kind := range into {
		t.Fatalf("%s: no %s", file, kind)
	}
}

// service is a Kubernetes Service.
type service struct {
	Spec struct {
		Selector map[string]string `yaml:"selector"`
		Ports    []struct {
			TargetPort string `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

// checkDeployment checks that a Deployment's selector matches its pods
// and returns its containers.
func checkDeployment(t *testing.T, name string, d workload) []container {
	t.Helper()
	if d.APIVersion != "apps/v1" || d.Kind != "Deployment" {
		t.Fatalf("%s: want an apps/v1 Deployment, got %s %s", name, d.APIVersion, d.Kind)
	}
	if !reflect.DeepEqual(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels) {
		t.Errorf("%s: selector %v does not match the pod labels %v", name, d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)
	}
	return d.Spec.Template.Spec.Containers
}

func checkKubernetes(t *testing.T, dir string) {
	var worker, job, portal workload
	var portalSvc service
	readObjects(t, filepath.Join(dir, "worker.yaml"), map[string]any{"Deployment": &worker})
	readObjects(t, filepath.Join(dir, "coordinator.yaml"), map[string]any{"Job": &job})
	readObjects(t, filepath.Join(dir, "portal.yaml"), map[string]any{"Deployment": &portal, "Service": &portalSvc})
	wc := checkDeployment(t, "worker.yaml", worker)
	if len(wc) != 1 {
		t.Fatalf("worker.yaml: want one container, got %d", len(wc))
	}
	w := deployArgs(t, "worker.yaml", wc[0].Args)

	if job.APIVersion != "batch/v1" || len(job.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("coordinator.yaml: want one container in a batch/v1 Job, got %s %s", job.APIVersion, job.Kind)
	}
	if job.Spec.BackoffLimit == nil || *job.Spec.BackoffLimit != 0 || job.Spec.Template.Spec.RestartPolicy != "Never" {
		t.Errorf("coordinator.yaml: a restarted coordinator would begin a second audit: want backoffLimit 0 and restartPolicy Never")
	}
	c := deployArgs(t, "coordinator.yaml", job.Spec.Template.Spec.Containers[0].Args)
	if u, err := url.Parse(w.queue); err != nil || u.Hostname() != "nats" || w.queue != c.queue {
		t.Errorf("worker queue %q, coordinator queue %q: want both on the Helm chart's nats service", w.queue, c.queue)
	}

	pods := checkDeployment(t, "portal.yaml", portal)
	if len(pods) != 2 {
		t.Fatalf("portal.yaml: want two containers (serve, pull), got %d", len(pods))
	}
	serve, pull := deployArgs(t, "portal.yaml serve", pods[0].Args), deployArgs(t, "portal.yaml pull", pods[1].Args)
	if c.publish == "" || pull.from != c.publish {
		t.Errorf("the coordinator publishes to %q, the portal pulls from %q: want the same storage", c.publish, pull.from)
	}
	if v := pods[1].volumeAt(pull.data); v == "" || pods[0].volumeAt(serve.data) != v {
		t.Errorf("portal.yaml: pull writes %s, serve serves %s: want the same volume", pull.data, serve.data)
	}
	labels := portal.Spec.Template.Metadata.Labels
	if !reflect.DeepEqual(portalSvc.Spec.Selector, labels) {
		t.Errorf("portal.yaml: the Service selects %v, the pods are %v", portalSvc.Spec.Selector, labels)
	}
	for _, p := range portalSvc.Spec.Ports {
		if !slices.ContainsFunc(pods[0].Ports, func(cp containerPort) bool { return cp.Name == p.TargetPort }) {
			t.Errorf("portal.yaml: the Service's target port %q is not a port of %s", p.TargetPort, pods[0].Name)
		}
	}
}
