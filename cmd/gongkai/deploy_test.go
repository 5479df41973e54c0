package main

import (
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// deployArgs runs the gongkai arguments of a deployment file through the
// command's own flag parser and validation, and returns the --queue URL.
func deployArgs(t *testing.T, where string, args []string) string {
	t.Helper()
	if len(args) == 0 {
		t.Fatalf("%s: no gongkai arguments", where)
	}
	fs := newFlagSet(args[0], io.Discard)
	var queue string
	switch args[0] {
	case "worker":
		var f workerFlags
		f.register(fs)
		err := parseFlags(fs, args[1:], 0)
		if err == nil {
			err = f.validate()
		}
		if err != nil {
			t.Errorf("%s: gongkai %s: %v", where, strings.Join(args, " "), err)
		}
		queue = f.queue
	case "audit":
		var f auditFlags
		f.register(fs)
		err := parseFlags(fs, args[1:], 0)
		if err == nil {
			err = f.validate(true)
		}
		if err != nil {
			t.Errorf("%s: gongkai %s: %v", where, strings.Join(args, " "), err)
		}
		if f.store == "" {
			t.Errorf("%s: the coordinator has no --store", where)
		}
		queue = f.queue
	default:
		t.Fatalf("%s: gongkai %q is not worker or audit", where, args[0])
	}
	if queue == "" {
		t.Errorf("%s: no --queue", where)
	}
	return queue
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
// parsers, the workers and the coordinator name the same queue, on the
// NATS service the files define or the Helm chart makes, and the
// Kubernetes objects are shaped as they must be (the Deployment's
// selector matches its pods, the Job is not restarted behind --resume's
// back).
func TestDeployManifests(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "deploy")

	var compose struct {
		Services map[string]struct {
			Image   string   `yaml:"image"`
			Command []string `yaml:"command"`
		} `yaml:"services"`
	}
	readYAML(t, filepath.Join(root, "compose.yaml"), &compose)
	nats, ok := compose.Services["nats"]
	if !ok || !strings.Contains(strings.Join(nats.Command, " "), "-js") {
		t.Errorf("compose.yaml: no nats service with JetStream (-js): %+v", nats)
	}
	wq := deployArgs(t, "compose.yaml worker", compose.Services["worker"].Command)
	cq := deployArgs(t, "compose.yaml coordinator", compose.Services["coordinator"].Command)
	if u, err := url.Parse(wq); err != nil || u.Hostname() != "nats" || wq != cq {
		t.Errorf("compose.yaml: worker queue %q, coordinator queue %q: want both on the nats service", wq, cq)
	}

	type container struct {
		Args []string `yaml:"args"`
	}
	type podSpec struct {
		RestartPolicy string      `yaml:"restartPolicy"`
		Containers    []container `yaml:"containers"`
	}
	type template struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Spec podSpec `yaml:"spec"`
	}
	var deploy struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			Selector struct {
				MatchLabels map[string]string `yaml:"matchLabels"`
			} `yaml:"selector"`
			Template template `yaml:"template"`
		} `yaml:"spec"`
	}
	readYAML(t, filepath.Join(root, "kubernetes", "worker.yaml"), &deploy)
	if deploy.APIVersion != "apps/v1" || deploy.Kind != "Deployment" || len(deploy.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("worker.yaml: want one container in an apps/v1 Deployment, got %s %s", deploy.APIVersion, deploy.Kind)
	}
	if !reflect.DeepEqual(deploy.Spec.Selector.MatchLabels, deploy.Spec.Template.Metadata.Labels) {
		t.Errorf("worker.yaml: selector %v does not match the pod labels %v", deploy.Spec.Selector.MatchLabels, deploy.Spec.Template.Metadata.Labels)
	}
	kw := deployArgs(t, "worker.yaml", deploy.Spec.Template.Spec.Containers[0].Args)

	var job struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			BackoffLimit *int     `yaml:"backoffLimit"`
			Template     template `yaml:"template"`
		} `yaml:"spec"`
	}
	readYAML(t, filepath.Join(root, "kubernetes", "coordinator.yaml"), &job)
	if job.APIVersion != "batch/v1" || job.Kind != "Job" || len(job.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("coordinator.yaml: want one container in a batch/v1 Job, got %s %s", job.APIVersion, job.Kind)
	}
	if job.Spec.BackoffLimit == nil || *job.Spec.BackoffLimit != 0 || job.Spec.Template.Spec.RestartPolicy != "Never" {
		t.Errorf("coordinator.yaml: a restarted coordinator would begin a second audit: want backoffLimit 0 and restartPolicy Never")
	}
	kc := deployArgs(t, "coordinator.yaml", job.Spec.Template.Spec.Containers[0].Args)
	if u, err := url.Parse(kw); err != nil || u.Hostname() != "nats" || kw != kc {
		t.Errorf("kubernetes: worker queue %q, coordinator queue %q: want both on the Helm chart's nats service", kw, kc)
	}
}
