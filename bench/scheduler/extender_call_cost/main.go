// Command extender_call_cost measures kube-scheduler 1.20's own side of an extender call, as
// pkg/scheduler/core/extender.go makes it: json.Marshal of ExtenderArgs, the net/http POST,
// json.NewDecoder(...).Decode of the reply and the bookkeeping around it (the filter's name-to-node map, the
// prioritize reply folded into a score map as generic_scheduler.go does). It is built against the vendored
// Kubernetes 1.20.2 sources (types and encoding/json as the scheduler uses them) by
// bench/scheduler/extender-call-cost.sh, and reads the bodies scheduler_throughput_bench --dump-bodies writes.
//
//	extender_call_cost DIR [http://127.0.0.1:PORT]
//
// With a URL (a `cachepilot extender --cluster-from DIR/cluster.json`), the whole calls are timed too.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"testing"

	v1 "k8s.io/api/core/v1"
	extenderv1 "k8s.io/kube-scheduler/extender/v1"
)

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func read(dir, name string) []byte {
	b, err := ioutil.ReadFile(dir + "/" + name)
	must(err)
	return b
}

func nonZero(reply []byte) ([]byte, int) {
	var list extenderv1.HostPriorityList
	must(json.Unmarshal(reply, &list))
	var kept extenderv1.HostPriorityList
	for _, h := range list {
		if h.Score != 0 {
			kept = append(kept, h)
		}
	}
	b, err := json.Marshal(kept)
	must(err)
	return b, len(kept)
}

func report(what string, f func()) {
	r := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			f()
		}
	})
	fmt.Printf("  %-66s %8.3f ms/op %7d KB alloc/op\n", what, float64(r.NsPerOp())/1e6, r.AllocedBytesPerOp()/1024)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: extender_call_cost DIR [http://127.0.0.1:PORT]")
		os.Exit(2)
	}
	dir := os.Args[1]
	var pod, plainPod v1.Pod
	must(json.Unmarshal(read(dir, "pod.json"), &pod))
	must(json.Unmarshal(read(dir, "pod-plain.json"), &plainPod))
	var nodeList v1.NodeList
	must(json.Unmarshal(read(dir, "nodes.json"), &nodeList))
	nodes := make([]*v1.Node, len(nodeList.Items))
	for i := range nodeList.Items {
		nodes[i] = &nodeList.Items[i]
	}
	filterReply := read(dir, "filter-reply.json")
	prioReply := read(dir, "prioritize-reply.json")
	prioPlainReply := read(dir, "prioritize-reply-plain.json")
	prioNonZero, nz := nonZero(prioReply)
	prioPlainNonZero, nzPlain := nonZero(prioPlainReply)

	names := func() *[]string {
		s := make([]string, 0, len(nodes))
		for _, n := range nodes {
			s = append(s, n.Name)
		}
		return &s
	}
	fullList := func() *v1.NodeList {
		l := &v1.NodeList{}
		for _, n := range nodes {
			l.Items = append(l.Items, *n)
		}
		return l
	}
	namesArgs, err := json.Marshal(&extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()})
	must(err)
	fullFilterReply, err := json.Marshal(&extenderv1.ExtenderFilterResult{Nodes: fullList(), FailedNodes: map[string]string{}})
	must(err)
	fmt.Printf("%d nodes. nodeCacheCapable: args %d B, filter reply %d B, prioritize reply %d B (dataset pod: %d non-zero scores; plain pod: %d)\n",
		len(nodes), len(namesArgs), len(filterReply), len(prioReply), nz, nzPlain)

	filterNames := func(reply []byte) func() {
		return func() {
			fromNodeName := make(map[string]*v1.Node)
			for _, n := range nodes {
				fromNodeName[n.Name] = n
			}
			_, err := json.Marshal(&extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()})
			must(err)
			var result extenderv1.ExtenderFilterResult
			must(json.NewDecoder(bytes.NewReader(reply)).Decode(&result))
			out := make([]*v1.Node, len(*result.NodeNames))
			for i, n := range *result.NodeNames {
				out[i] = fromNodeName[n]
			}
		}
	}
	prioritize := func(p *v1.Pod, reply []byte) func() {
		return func() {
			_, err := json.Marshal(&extenderv1.ExtenderArgs{Pod: p, NodeNames: names()})
			must(err)
			var result extenderv1.HostPriorityList
			must(json.NewDecoder(bytes.NewReader(reply)).Decode(&result))
			combined := make(map[string]int64, len(nodes))
			for i := range result {
				combined[result[i].Host] += result[i].Score * 5
			}
		}
	}
	fmt.Println("kube-scheduler's CPU work per call without the network (encoding/json, as extender.go):")
	report("filter, NodeNames: marshal args, decode reply, map names to nodes", filterNames(filterReply))
	report("prioritize, NodeNames, dataset pod: marshal, decode, combine", prioritize(&pod, prioReply))
	report("prioritize, NodeNames, plain pod: marshal, decode, combine", prioritize(&plainPod, prioPlainReply))
	report(fmt.Sprintf("  same, dataset pod, reply without zero scores (%d hosts)", nz), prioritize(&pod, prioNonZero))
	report(fmt.Sprintf("  same, plain pod, reply without zero scores (%d hosts)", nzPlain), prioritize(&plainPod, prioPlainNonZero))
	report("filter, full Nodes: marshal args, decode reply", func() {
		_, err := json.Marshal(&extenderv1.ExtenderArgs{Pod: &pod, Nodes: fullList()})
		must(err)
		var result extenderv1.ExtenderFilterResult
		must(json.NewDecoder(bytes.NewReader(fullFilterReply)).Decode(&result))
	})
	report("prioritize, full Nodes: marshal args, decode reply", func() {
		_, err := json.Marshal(&extenderv1.ExtenderArgs{Pod: &pod, Nodes: fullList()})
		must(err)
		var result extenderv1.HostPriorityList
		must(json.NewDecoder(bytes.NewReader(prioReply)).Decode(&result))
	})

	if len(os.Args) < 3 {
		return
	}
	url := os.Args[2]
	client := &http.Client{Transport: &http.Transport{}}
	send := func(verb string, args interface{}, result interface{}) {
		out, err := json.Marshal(args)
		must(err)
		req, err := http.NewRequest("POST", url+"/"+verb, bytes.NewReader(out))
		must(err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		must(err)
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			panic(resp.Status)
		}
		must(json.NewDecoder(resp.Body).Decode(result))
	}
	fmt.Println("whole calls through net/http to " + url + " (as HTTPExtender.send), dataset pod:")
	report("filter, NodeNames", func() {
		var r extenderv1.ExtenderFilterResult
		send("filter", &extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()}, &r)
	})
	report("prioritize, NodeNames", func() {
		var r extenderv1.HostPriorityList
		send("prioritize", &extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()}, &r)
	})
	report("filter + prioritize, NodeNames (one pod's calls)", func() {
		var r extenderv1.ExtenderFilterResult
		send("filter", &extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()}, &r)
		var p extenderv1.HostPriorityList
		send("prioritize", &extenderv1.ExtenderArgs{Pod: &pod, NodeNames: names()}, &p)
	})
}
