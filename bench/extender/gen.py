#!/usr/bin/env python3
"""Synthetic cluster dumps and kube-scheduler extender request bodies for the extender benchmark.

Deterministic from --seed: the same arguments always write byte-identical files. Standard library only.

For every cluster size N (nodes) with D datasets it writes, under --out:
  cluster-N.json            the cluster dump, as `kubectl get nodes,pvc,datasets,alluxioruntimes,
                            juicefsruntimes -A -o json` prints it (a v1 List, keys sorted, 4-space indent)
  names-N.json              ExtenderArgs as kube-scheduler v1.20 sends it with nodeCacheCapable: true:
                            {"Pod": {...}, "Nodes": null, "NodeNames": [...N names...]}
  nodes-N.json              the same with nodeCacheCapable: false:
                            {"Pod": {...}, "Nodes": {"metadata": {}, "items": [...N full nodes...]},
                             "NodeNames": null}
  names-required-N.json     as names-N.json, for a pod labelled fluid.io/dataset.<name>.sched=required
  nodes-required-N.json     as nodes-N.json, same pod
  manifest.json             what was generated and what a correct reply looks like (used by run.sh)

Request bodies are compact JSON with struct fields in Go declaration order and map keys sorted, as Go's
encoding/json writes the upstream types; informer objects carry no kind/apiVersion, so request items do
not either.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import uuid

# Topology: regions with their zones. Nodes are spread over all zones.
REGIONS = {
    "cn-hangzhou": ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"],
    "cn-beijing": ["cn-beijing-g", "cn-beijing-h"],
    "us-west-1": ["us-west-1a", "us-west-1b"],
}
INSTANCE_TYPES = [
    ("ecs.g7.4xlarge", "16", "65551716Ki", "15890m", "60398980Ki"),
    ("ecs.g7.8xlarge", "32", "131522136Ki", "31780m", "124237592Ki"),
    ("ecs.gn7i-c16g1.4xlarge", "16", "61347484Ki", "15890m", "56195748Ki"),
    ("ecs.r7.2xlarge", "8", "65551716Ki", "7910m", "61372644Ki"),
]
NAMESPACES = ["default", "ai", "ml-team-1", "ml-team-2", "research", "llm-serving"]
DATASET_STEMS = ["imagenet", "coco", "llama-7b", "laion", "wiki", "c4", "openimages", "kinetics", "qwen-14b",
                 "bert-base", "sd-xl", "whisper"]
# Images a real node reports (status.images): the kubelet lists up to 50; these are typical.
IMAGES = [
    (["registry-vpc.cn-hangzhou.aliyuncs.com/acs/csi-plugin@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/acs/csi-plugin:v1.20.7-aafce42-aliyun"], 409316283),
    (["registry-vpc.cn-hangzhou.aliyuncs.com/fluid/alluxio@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/fluid/alluxio:release-2.8.1-SNAPSHOT-0433ade"], 1227531651),
    (["registry-vpc.cn-hangzhou.aliyuncs.com/fluid/alluxio-fuse@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/fluid/alluxio-fuse:release-2.8.1-SNAPSHOT-0433ade"], 1197432719),
    (["registry-vpc.cn-hangzhou.aliyuncs.com/fluid/juicefs-fuse@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/fluid/juicefs-fuse:ce-v1.0.4"], 362183621),
    (["registry-vpc.cn-hangzhou.aliyuncs.com/acs/kube-proxy@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/acs/kube-proxy:v1.20.11-aliyun.1"], 120396213),
    (["registry-vpc.cn-hangzhou.aliyuncs.com/acs/pause@sha256:{h}",
      "registry-vpc.cn-hangzhou.aliyuncs.com/acs/pause:3.5"], 297480),
]
BASE_TIME = 1700000000  # 2023-11-14T22:13:20Z: every timestamp is derived from it, not from the clock


def ts(offset_seconds: int) -> str:
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(BASE_TIME + offset_seconds))


def human_bytes(n: float) -> str:
    """Fluid's human-readable sizes: "52.18MiB", "2.00GiB"."""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    i = 0
    while n >= 1024 and i < len(units) - 1:
        n /= 1024.0
        i += 1
    return f"{n:.2f}{units[i]}"


def sorted_map(d: dict) -> dict:
    return {k: d[k] for k in sorted(d)}


class Gen:
    def __init__(self, seed: int, nodes: int, datasets: int, virtual_share: float):
        self.rng = random.Random(f"cachepilot-bench:{seed}:{nodes}:{datasets}")
        self.n_nodes = nodes
        self.n_datasets = datasets
        self.virtual_share = virtual_share
        self.zones = [(r, z) for r, zs in REGIONS.items() for z in zs]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexdigest(self) -> str:
        return "%064x" % self.rng.getrandbits(256)

    # ---------------------------------------------------------------- topology and workers
    def plan(self):
        rng = self.rng
        self.nodes = []
        n_virtual = max(1, int(round(self.n_nodes * self.virtual_share)))
        for i in range(self.n_nodes):
            region, zone = self.zones[i % len(self.zones)]
            virtual = i >= self.n_nodes - n_virtual
            self.nodes.append({
                "index": i,
                "name": f"virtual-kubelet-{zone}-{i:05d}" if virtual else f"node-{i:05d}",
                "region": region,
                "zone": zone,
                "virtual": virtual,
                "instance": rng.choice(INSTANCE_TYPES),
                "ip": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255 or 1}",
                "fluid": {},  # label -> value
                "datasets": 0,
            })
        real = [n for n in self.nodes if not n["virtual"]]
        # Cache workers live on a pool of about a quarter of the real nodes (dedicated cache nodes).
        pool = rng.sample(real, max(1, len(real) // 4))
        pool.sort(key=lambda n: n["index"])
        self.datasets = []
        for d in range(self.n_datasets):
            ns = NAMESPACES[d % len(NAMESPACES)]
            name = f"{DATASET_STEMS[d % len(DATASET_STEMS)]}-{d:04d}"
            runtime = "alluxio" if rng.random() < 0.6 else "juicefs"
            size = int(2 ** rng.uniform(30, 41))  # 1 GiB .. 2 TiB, log-uniform
            cached = int(size * rng.uniform(0.1, 1.0)) if rng.random() < 0.9 else 0
            if d == 0:
                cached = size  # the benchmark pod's dataset is fully cached: scores span 0..10
            workers = rng.randint(1, 4) if d else 3
            if d == 0:
                # The benchmark pod's dataset: workers in three different zones, so every tier scores.
                by_zone = {}
                for n in pool:
                    by_zone.setdefault(n["zone"], n)
                holders = list(by_zone.values())[:3]
                while len(holders) < 3 and len(holders) < len(pool):
                    holders.append(next(n for n in pool if n not in holders))
            else:
                holders = rng.sample(pool, min(workers, len(pool)))
            holders.sort(key=lambda n: n["index"])
            quota = f"{rng.choice([20, 40, 80, 100, 200])}GiB"
            for n in holders:
                n["fluid"][f"fluid.io/s-{ns}-{name}"] = "true"
                n["fluid"][f"fluid.io/s-{runtime}-{ns}-{name}"] = "true"
                tier = "m" if runtime == "alluxio" else "d"
                n["fluid"][f"fluid.io/s-h-{runtime}-{tier}-{ns}-{name}"] = quota
                n["fluid"][f"fluid.io/s-h-{runtime}-t-{ns}-{name}"] = quota
                n["datasets"] += 1
            self.datasets.append({
                "index": d, "namespace": ns, "name": name, "runtime": runtime, "size": size,
                "cached": cached, "holders": [n["name"] for n in holders], "quota": quota,
                "uid": self.uid(),
            })
        for n in self.nodes:
            if n["datasets"]:
                n["fluid"]["fluid.io/dataset-num"] = str(n["datasets"])

    # ---------------------------------------------------------------- Kubernetes objects
    def node(self, n: dict) -> dict:
        rng = self.rng
        name = n["name"]
        created = -rng.randint(86400, 400 * 86400)
        labels = {
            "beta.kubernetes.io/os": "linux",
            "failure-domain.beta.kubernetes.io/region": n["region"],
            "failure-domain.beta.kubernetes.io/zone": n["zone"],
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "topology.kubernetes.io/region": n["region"],
            "topology.kubernetes.io/zone": n["zone"],
        }
        annotations = {"node.alpha.kubernetes.io/ttl": "0"}
        if n["virtual"]:
            labels.update({
                "alibabacloud.com/virtual-node": "true",
                "beta.kubernetes.io/arch": "amd64",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/role": "agent",
                "service.alibabacloud.com/exclude-node": "true",
                "type": "virtual-kubelet",
            })
        else:
            itype = n["instance"][0]
            labels.update({
                "alibabacloud.com/nodepool-id": "np" + self.hexdigest()[:32],
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/instance-type": itype,
                "kubernetes.io/arch": "amd64",
                "node.kubernetes.io/instance-type": itype,
                "node.kubernetes.io/exclude-from-external-load-balancers": "true",
            })
            labels.update(n["fluid"])
            annotations.update({
                "node.beta.alibabacloud.com/autoscaler": "false",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            })
        metadata = {
            "name": name,
            "uid": self.uid(),
            "resourceVersion": str(rng.randint(10 ** 7, 10 ** 9)),
            "creationTimestamp": ts(created),
            "labels": sorted_map(labels),
            "annotations": sorted_map(annotations),
            "managedFields": [
                {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": ts(created + 60),
                 "fieldsType": "FieldsV1", "fieldsV1": {
                     "f:metadata": {"f:annotations": {".": {}, "f:node.alpha.kubernetes.io/ttl": {},
                                                      "f:volumes.kubernetes.io/controller-managed-attach-detach": {}},
                                    "f:labels": {".": {}, "f:beta.kubernetes.io/arch": {},
                                                 "f:kubernetes.io/hostname": {}, "f:kubernetes.io/os": {}}},
                     "f:spec": {"f:providerID": {}},
                     "f:status": {"f:allocatable": {"f:cpu": {}, "f:memory": {}},
                                  "f:conditions": {"k:{\"type\":\"Ready\"}": {"f:lastHeartbeatTime": {},
                                                                                "f:status": {}}},
                                  "f:images": {}, "f:nodeInfo": {"f:bootID": {}}}}},
            ],
        }
        if n["virtual"]:
            spec = {
                "taints": [{"key": "virtual-kubelet.io/provider", "value": "alibabacloud", "effect": "NoSchedule"}],
            }
            status = {
                "capacity": {"cpu": "2k", "ephemeral-storage": "40Ti", "memory": "8Ti", "nvidia.com/gpu": "100",
                             "pods": "50k"},
                "allocatable": {"cpu": "2k", "ephemeral-storage": "40Ti", "memory": "8Ti", "nvidia.com/gpu": "100",
                                "pods": "50k"},
            }
        else:
            spec = {
                "podCIDR": f"172.{16 + (n['index'] >> 14) % 16}.{(n['index'] >> 6) & 255}.{(n['index'] & 63) * 4}/26",
                "podCIDRs": [f"172.{16 + (n['index'] >> 14) % 16}.{(n['index'] >> 6) & 255}."
                             f"{(n['index'] & 63) * 4}/26"],
                "providerID": f"{n['region']}.i-{self.hexdigest()[:20]}",
            }
            _, cpu, mem, acpu, amem = n["instance"]
            status = {
                "capacity": {"cpu": cpu, "ephemeral-storage": "123722704Ki", "hugepages-1Gi": "0",
                             "hugepages-2Mi": "0", "memory": mem, "pods": "110"},
                "allocatable": {"cpu": acpu, "ephemeral-storage": "114022843818", "hugepages-1Gi": "0",
                                "hugepages-2Mi": "0", "memory": amem, "pods": "110"},
            }
        hb = -rng.randint(1, 40)
        conditions = []
        for ctype, reason, message in [
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "KubeletReady", "kubelet is posting ready status"),
        ]:
            conditions.append({"type": ctype, "status": "True" if ctype == "Ready" else "False",
                               "lastHeartbeatTime": ts(hb), "lastTransitionTime": ts(created + 90),
                               "reason": reason, "message": message})
        status["conditions"] = conditions
        status["addresses"] = [{"type": "InternalIP", "address": n["ip"]}, {"type": "Hostname", "address": name}]
        status["daemonEndpoints"] = {"kubeletEndpoint": {"Port": 10250}}
        if n["virtual"]:
            status["nodeInfo"] = {
                "machineID": "", "systemUUID": "", "bootID": "", "kernelVersion": "", "osImage": "",
                "containerRuntimeVersion": "", "kubeletVersion": "v1.20.11-vk-v2.5.2", "kubeProxyVersion": "",
                "operatingSystem": "Linux", "architecture": "amd64",
            }
        else:
            status["nodeInfo"] = {
                "machineID": self.hexdigest()[:32],
                "systemUUID": self.uid().upper(),
                "bootID": self.uid(),
                "kernelVersion": "5.10.134-13.an8.x86_64",
                "osImage": "Alibaba Cloud Linux 3 (Soaring Falcon)",
                "containerRuntimeVersion": "containerd://1.5.13",
                "kubeletVersion": "v1.20.11-aliyun.1",
                "kubeProxyVersion": "v1.20.11-aliyun.1",
                "operatingSystem": "linux",
                "architecture": "amd64",
            }
            images = []
            for names, size in IMAGES:
                if "alluxio" in names[1] and not any("alluxio" in k for k in n["fluid"]) and rng.random() < 0.5:
                    continue
                h = self.hexdigest()
                images.append({"names": [s.format(h=h) for s in names], "sizeBytes": size})
            status["images"] = images
        return {"metadata": metadata, "spec": spec, "status": status}

    def dataset(self, d: dict) -> dict:
        created = -self.rng.randint(3600, 90 * 86400)
        cached = d["cached"]
        size = d["size"]
        pct = 100.0 * cached / size if size else 0.0
        capacity = self._gib(d["quota"]) * len(d["holders"])
        return {
            "apiVersion": "data.fluid.io/v1alpha1",
            "kind": "Dataset",
            "metadata": {"name": d["name"], "namespace": d["namespace"], "uid": d["uid"],
                         "resourceVersion": str(self.rng.randint(10 ** 7, 10 ** 9)), "generation": 1,
                         "creationTimestamp": ts(created)},
            "spec": {"mounts": [{"mountPoint": f"oss://datasets-{d['namespace']}/{d['name']}/",
                                 "name": d["name"],
                                 "options": {"fs.oss.endpoint": "oss-cn-hangzhou-internal.aliyuncs.com"}}],
                     "accessModes": ["ReadOnlyMany"], "placement": "Exclusive"},
            "status": {
                "phase": "Bound",
                "ufsTotal": human_bytes(size),
                "fileNum": str(self.rng.randint(1000, 2_000_000)),
                "cacheStates": {
                    "cacheCapacity": human_bytes(capacity),
                    "cached": human_bytes(cached),
                    "cachedPercentage": f"{pct:.1f}%",
                    "cacheHitRatio": f"{self.rng.uniform(0, 100):.1f}%",
                    "cacheThroughputRatio": f"{self.rng.uniform(0, 100):.1f}%",
                    "localHitRatio": f"{self.rng.uniform(0, 100):.1f}%",
                    "localThroughputRatio": f"{self.rng.uniform(0, 100):.1f}%",
                    "remoteHitRatio": f"{self.rng.uniform(0, 100):.1f}%",
                    "remoteThroughputRatio": f"{self.rng.uniform(0, 100):.1f}%",
                },
                "conditions": [{"type": "Ready", "status": "True", "reason": "DatasetReady",
                                "message": "The ddc runtime is ready.",
                                "lastTransitionTime": ts(created + 120), "lastUpdateTime": ts(created + 120)}],
                "hcfs": {"endpoint": f"alluxio://{d['name']}-master-0.{d['namespace']}:19998"
                         if d["runtime"] == "alluxio" else "", "underlayerFileSystemVersion": "3.3.0"},
                "mounts": [{"mountPoint": f"oss://datasets-{d['namespace']}/{d['name']}/", "name": d["name"]}],
                "runtimes": [{"name": d["name"], "namespace": d["namespace"], "category": "Accelerate",
                              "type": d["runtime"], "masterReplicas": 1}],
            },
        }

    @staticmethod
    def _gib(quota: str) -> int:
        return int(quota[:-3]) * 2 ** 30

    def runtime(self, d: dict) -> dict:
        alluxio = d["runtime"] == "alluxio"
        kind = "AlluxioRuntime" if alluxio else "JuiceFSRuntime"
        n = len(d["holders"])
        created = -self.rng.randint(3600, 90 * 86400)
        level = ({"mediumtype": "MEM", "path": "/dev/shm", "quota": d["quota"].replace("GiB", "Gi"),
                  "high": "0.95", "low": "0.7"} if alluxio else
                 {"mediumtype": "SSD", "path": "/var/jfsCache", "quota": d["quota"].replace("GiB", "Gi"),
                  "low": "0.1"})
        capacity = self._gib(d["quota"]) * n
        return {
            "apiVersion": "data.fluid.io/v1alpha1",
            "kind": kind,
            "metadata": {"name": d["name"], "namespace": d["namespace"], "uid": self.uid(),
                         "resourceVersion": str(self.rng.randint(10 ** 7, 10 ** 9)), "generation": 2,
                         "creationTimestamp": ts(created)},
            "spec": {"replicas": n, "tieredstore": {"levels": [level]},
                     "fuse": {"cleanPolicy": "OnRuntimeDeleted"}},
            "status": {
                "masterPhase": "Ready", "workerPhase": "Ready", "fusePhase": "Ready",
                "masterNumberReady": 1 if alluxio else 0, "desiredMasterNumberScheduled": 1 if alluxio else 0,
                "currentMasterNumberScheduled": 1 if alluxio else 0,
                "workerNumberReady": n, "workerNumberAvailable": n, "workerNumberUnavailable": 0,
                "desiredWorkerNumberScheduled": n, "currentWorkerNumberScheduled": n,
                "fuseNumberReady": 0, "fuseNumberAvailable": 0, "fuseNumberUnavailable": 0,
                "desiredFuseNumberScheduled": 0, "currentFuseNumberScheduled": 0,
                "valueFile": f"{d['name']}-{d['runtime']}-values",
                "setupDuration": f"{self.rng.randint(20, 300)}s",
                "cacheStates": {"cacheCapacity": human_bytes(capacity), "cached": human_bytes(d["cached"]),
                                "cachedPercentage": f"{100.0 * d['cached'] / d['size']:.1f}%"},
                "selector": (f"app={d['runtime']},release={d['name']},role={d['runtime']}-worker"),
                "conditions": [
                    {"type": "MasterInitialized", "status": "True", "reason": "Master is initialized",
                     "message": "The master is initialized.", "lastProbeTime": ts(created + 60),
                     "lastTransitionTime": ts(created + 60)},
                    {"type": "WorkersInitialized", "status": "True", "reason": "Workers are initialized",
                     "message": "The workers are initialized.", "lastProbeTime": ts(created + 90),
                     "lastTransitionTime": ts(created + 90)},
                ] if alluxio else [
                    {"type": "WorkersInitialized", "status": "True", "reason": "Workers are initialized",
                     "message": "The workers are initialized.", "lastProbeTime": ts(created + 90),
                     "lastTransitionTime": ts(created + 90)},
                ],
                "mountTime": ts(created + 100),
            },
        }

    def pvc(self, d: dict) -> dict:
        key = f"fluid.io/s-{d['namespace']}-{d['name']}"
        return {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {
                "name": d["name"], "namespace": d["namespace"], "uid": self.uid(),
                "resourceVersion": str(self.rng.randint(10 ** 7, 10 ** 9)),
                "creationTimestamp": ts(-self.rng.randint(3600, 90 * 86400)),
                "labels": {key: "true", "fluid.io/dataset-id": f"{d['namespace']}-{d['name']}"},
                "annotations": {"CreatedBy": "fluid", "pv.kubernetes.io/bind-completed": "yes",
                                "pv.kubernetes.io/bound-by-controller": "yes"},
                "finalizers": ["kubernetes.io/pvc-protection"],
            },
            "spec": {"accessModes": ["ReadOnlyMany"], "resources": {"requests": {"storage": "100Pi"}},
                     "selector": {"matchLabels": {key: "true"}}, "storageClassName": "fluid",
                     "volumeMode": "Filesystem", "volumeName": f"{d['namespace']}-{d['name']}"},
            "status": {"accessModes": ["ReadOnlyMany"], "capacity": {"storage": "100Pi"}, "phase": "Bound"},
        }

    def plain_pvc(self, i: int) -> dict:
        ns = NAMESPACES[i % len(NAMESPACES)]
        return {
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": f"data-postgres-{i}", "namespace": ns, "uid": self.uid(),
                         "resourceVersion": str(self.rng.randint(10 ** 7, 10 ** 9)),
                         "creationTimestamp": ts(-self.rng.randint(3600, 90 * 86400)),
                         "labels": {"app": "postgres"}, "finalizers": ["kubernetes.io/pvc-protection"]},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}},
                     "storageClassName": "alicloud-disk-essd", "volumeMode": "Filesystem",
                     "volumeName": f"d-{self.hexdigest()[:20]}"},
            "status": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "50Gi"}, "phase": "Bound"},
        }

    def pod(self, d: dict, required: bool) -> dict:
        """A v1.Pod as the scheduler holds it (Go field order): a Deployment replica reading dataset d."""
        rng = random.Random(f"pod:{d['uid']}:{required}")
        ns, name = d["namespace"], d["name"]
        rs_hash = "%010x" % rng.getrandbits(40)
        suffix = "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        app = f"trainer-{name}"
        token = "default-token-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        labels = {"app": app, "pod-template-hash": rs_hash}
        if required:
            labels[f"fluid.io/dataset.{name}.sched"] = "required"
        key = f"fluid.io/s-{ns}-{name}"
        affinity_term = {"matchExpressions": [{"key": key, "operator": "In", "values": ["true"]}]}
        node_affinity = {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "preference": affinity_term}]}
        if required:
            node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [affinity_term]}
        return {
            "metadata": {
                "name": f"{app}-{rs_hash}-{suffix}",
                "generateName": f"{app}-{rs_hash}-",
                "namespace": ns,
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "resourceVersion": str(rng.randint(10 ** 7, 10 ** 9)),
                "creationTimestamp": ts(0),
                "labels": sorted_map(labels),
                "annotations": sorted_map({
                    "fluid.io/datasets-in-use": name,
                    "kubernetes.io/psp": "ack.privileged",
                    "prometheus.io/port": "9100",
                    "prometheus.io/scrape": "true",
                }),
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": f"{app}-{rs_hash}",
                                     "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                     "controller": True, "blockOwnerDeletion": True}],
                "managedFields": [{
                    "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1", "time": ts(0),
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {},
                                                                                 "f:pod-template-hash": {}},
                                                "f:ownerReferences": {".": {}}},
                                 "f:spec": {"f:containers": {"k:{\"name\":\"trainer\"}": {".": {}, "f:image": {}}},
                                            "f:volumes": {".": {}, f"k:{{\"name\":\"{name}\"}}": {".": {}}}}}}],
            },
            "spec": {
                "volumes": [
                    {"name": "data", "persistentVolumeClaim": {"claimName": name, "readOnly": True}},
                    {"name": "config", "configMap": {"name": f"{app}-config", "defaultMode": 420}},
                    {"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": "8Gi"}},
                    {"name": token, "secret": {"secretName": token, "defaultMode": 420}},
                ],
                "containers": [{
                    "name": "trainer",
                    "image": "registry-vpc.cn-hangzhou.aliyuncs.com/ml/pytorch-trainer:2.1.0-cuda12.1",
                    "command": ["python", "/app/train.py"],
                    "args": ["--data", "/data", "--epochs", "90", "--batch-size", "256"],
                    "ports": [{"name": "metrics", "containerPort": 9100, "protocol": "TCP"}],
                    "env": [{"name": "DATA_DIR", "value": "/data"}, {"name": "NCCL_DEBUG", "value": "WARN"},
                            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                            "fieldPath": "metadata.name"}}}],
                    "resources": {"limits": {"cpu": "8", "memory": "32Gi"},
                                  "requests": {"cpu": "4", "memory": "16Gi"}},
                    "volumeMounts": [
                        {"name": "data", "readOnly": True, "mountPath": "/data"},
                        {"name": "config", "mountPath": "/etc/trainer"},
                        {"name": "dshm", "mountPath": "/dev/shm"},
                        {"name": token, "readOnly": True,
                         "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"},
                    ],
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                    "imagePullPolicy": "IfNotPresent",
                }],
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default",
                "serviceAccount": "default",
                "securityContext": {},
                "affinity": {"nodeAffinity": node_affinity},
                "schedulerName": "default-scheduler",
                "tolerations": [
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                     "tolerationSeconds": 300},
                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                     "tolerationSeconds": 300},
                ],
                "priority": 0,
                "enableServiceLinks": True,
                "preemptionPolicy": "PreemptLowerPriority",
            },
            "status": {"phase": "Pending", "qosClass": "Burstable"},
        }


def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def kubectl_item(api_version: str, kind: str, obj: dict) -> dict:
    return {"apiVersion": api_version, "kind": kind, **obj}


def write(path: str, text: str) -> int:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return len(text.encode("utf-8"))


def generate(out: str, seed: int, n_nodes: int, n_datasets: int, virtual_share: float) -> dict:
    g = Gen(seed, n_nodes, n_datasets, virtual_share)
    g.plan()
    nodes = [g.node(n) for n in g.nodes]
    datasets = [g.dataset(d) for d in g.datasets]
    runtimes = [g.runtime(d) for d in g.datasets]
    pvcs = [g.pvc(d) for d in g.datasets] + [g.plain_pvc(i) for i in range(max(1, n_datasets // 10))]

    items = [kubectl_item("v1", "Node", n) for n in nodes] + pvcs + datasets + runtimes
    dump = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": "", "selfLink": ""}}
    files = {}
    files[f"cluster-{n_nodes}.json"] = write(os.path.join(out, f"cluster-{n_nodes}.json"),
                                             json.dumps(dump, indent=4, sort_keys=True, ensure_ascii=False) + "\n")

    target = g.datasets[0]
    # The scheduler passes the feasible nodes in its own order; shuffle them (deterministically).
    order = list(range(n_nodes))
    random.Random(f"order:{seed}:{n_nodes}").shuffle(order)
    names = [g.nodes[i]["name"] for i in order]
    node_items = [compact(nodes[i]) for i in order]
    for required in (False, True):
        pod = compact(g.pod(target, required))
        tag = "-required" if required else ""
        body_names = '{"Pod":' + pod + ',"Nodes":null,"NodeNames":' + compact(names) + "}"
        body_nodes = ('{"Pod":' + pod + ',"Nodes":{"metadata":{},"items":[' + ",".join(node_items) +
                      ']},"NodeNames":null}')
        files[f"names{tag}-{n_nodes}.json"] = write(os.path.join(out, f"names{tag}-{n_nodes}.json"), body_names)
        files[f"nodes{tag}-{n_nodes}.json"] = write(os.path.join(out, f"nodes{tag}-{n_nodes}.json"), body_nodes)
    real_sizes = [len(s) for s, n in zip(node_items, order) if not g.nodes[n]["virtual"]]
    return {
        "nodes": n_nodes,
        "datasets": n_datasets,
        "virtual_nodes": sum(1 for n in g.nodes if n["virtual"]),
        "cache_nodes": sum(1 for n in g.nodes if n["datasets"]),
        "pod_dataset": f"{target['namespace']}/{target['name']}",
        "pod_dataset_holders": target["holders"],
        "avg_node_json_bytes": round(sum(len(s) for s in node_items) / len(node_items)),
        "avg_real_node_json_bytes": round(sum(real_sizes) / max(1, len(real_sizes))),
        "files": files,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out",
                                                 "extender"),
                   help="output directory (default: bench/out/extender)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--sizes", default="100:50,1000:200,5000:1000",
                   help="comma-separated NODES:DATASETS pairs (default: %(default)s)")
    p.add_argument("--virtual-share", type=float, default=0.02, help="share of virtual-kubelet nodes")
    p.add_argument("--force", action="store_true", help="regenerate even if the stamp matches")
    args = p.parse_args(argv)
    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    with open(os.path.abspath(__file__), "rb") as f:
        stamp = hashlib.sha256(f.read()).hexdigest()[:16] + f":{args.seed}:{args.sizes}:{args.virtual_share}"
    manifest_path = os.path.join(out, "manifest.json")
    if not args.force and os.path.exists(manifest_path):
        try:
            with open(manifest_path, encoding="utf-8") as f:
                old = json.load(f)
            if old.get("stamp") == stamp and all(
                    os.path.exists(os.path.join(out, name)) for c in old["clusters"] for name in c["files"]):
                print(f"gen.py: {out} is up to date (stamp {stamp})", file=sys.stderr)
                return 0
        except (OSError, ValueError, KeyError):
            pass
    clusters = []
    for pair in args.sizes.split(","):
        n, d = (int(x) for x in pair.split(":"))
        info = generate(out, args.seed, n, d, args.virtual_share)
        sizes = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in info["files"].items())
        print(f"gen.py: {n} nodes, {d} datasets: node JSON avg {info['avg_real_node_json_bytes']} B (real nodes); "
              f"{sizes}", file=sys.stderr)
        clusters.append(info)
    write(manifest_path, json.dumps({"stamp": stamp, "seed": args.seed, "clusters": clusters}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
