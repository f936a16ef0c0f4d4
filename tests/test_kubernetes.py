"""deploy/kubernetes: the example overlay renders with kustomize (kubectl's own), every object it renders is valid
against the Kubernetes schemas (kubernetes-validate, offline), and the pods run as the house requires: not as root,
on a read-only root filesystem, without privileges, with resources bounded."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "deploy" / "kubernetes" / "overlays" / "example"
KUBERNETES_VERSION = "1.32.0"  # the oldest version the manifests must fit; kubectl here is 1.32 too
# Names read from the environment other than by impactportal/settings.py: boto3's credentials, fontconfig's cache.
READ_ELSEWHERE = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "XDG_CACHE_HOME", "PGOPTIONS"}  # PGOPTIONS: libpq


def kubectl() -> str:
    found = shutil.which("kubectl")
    if found is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("kubectl is missing: CI renders the Kubernetes manifests with it")
        pytest.skip("kubectl is missing (install kubectl to render deploy/kubernetes)")
    return found


@pytest.fixture(scope="module")
def rendered() -> list[dict]:
    result = subprocess.run(
        [kubectl(), "kustomize", str(OVERLAY)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def of_kind(rendered: list[dict], kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in rendered if doc["kind"] == kind}


def pod_specs(rendered: list[dict]) -> dict[str, dict]:
    return {
        f"{doc['kind']}/{name}": doc["spec"]["template"]["spec"]
        for kind in ("Deployment", "Job")
        for name, doc in of_kind(rendered, kind).items()
    }


def test_every_rendered_object_is_valid_against_the_kubernetes_schemas(rendered):
    import kubernetes_validate

    kinds = sorted(doc["kind"] for doc in rendered)
    for doc in rendered:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{doc['kind']} {doc['metadata']['name']}: {error.message}")
    assert kinds == sorted(
        ["ConfigMap", "Secret", "Namespace", "Service", "Ingress", "Job", "PodDisruptionBudget"]
        + ["Deployment"] * 3
        + ["HorizontalPodAutoscaler"] * 2
    )


def test_a_misspelt_field_would_not_pass(rendered):
    import kubernetes_validate

    web = json.loads(json.dumps(of_kind(rendered, "Deployment")["impactportaal-web"]))
    web["spec"]["template"]["spec"]["containers"][0]["securityContext"]["readOnlyRootFileSystem"] = True

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


def test_every_pod_runs_unprivileged_on_a_read_only_root_with_bounded_resources(rendered):
    specs = pod_specs(rendered)
    assert set(specs) == {
        "Deployment/impactportaal-web",
        "Deployment/impactportaal-worker",
        "Deployment/impactportaal-beat",
        "Job/impactportaal-migrate",
    }
    for name, spec in specs.items():
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True, name
        assert pod["runAsUser"] == 1000, name  # the image's user `portal`
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        tmp_volumes = {volume["name"] for volume in spec["volumes"] if "emptyDir" in volume}
        for container in spec.get("initContainers", []) + spec["containers"]:
            where = f"{name} {container['name']}"
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"] == {"drop": ["ALL"]}, where
            mounted = {m["mountPath"] for m in container["volumeMounts"] if m["name"] in tmp_volumes}
            assert mounted == {"/tmp"}, where  # noqa: S108 (an emptyDir of the pod's own)
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) == {"cpu", "memory"}, where


def test_web_runs_the_dockerfiles_command_and_is_probed_on_healthz(rendered):
    dockerfile_cmd = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert dockerfile_cmd is not None
    web = of_kind(rendered, "Deployment")["impactportaal-web"]
    (container,) = web["spec"]["template"]["spec"]["containers"]
    host = of_kind(rendered, "Ingress")["impactportaal"]["spec"]["rules"][0]["host"]

    assert container["command"] == json.loads(dockerfile_cmd.group(1))
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz?live"
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["httpHeaders"] == [{"name": "Host", "value": host}]
    config = next(iter(of_kind(rendered, "ConfigMap").values()))["data"]
    assert config["DJANGO_ALLOWED_HOSTS"] == host
    assert config["SITE_URL"] == config["DJANGO_CSRF_TRUSTED_ORIGINS"] == f"https://{host}"


def test_beat_is_exactly_one_and_never_two_during_an_update(rendered):
    beat = of_kind(rendered, "Deployment")["impactportaal-beat"]

    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in of_kind(rendered, "HorizontalPodAutoscaler").values()}
    assert scaled == {"impactportaal-web", "impactportaal-worker"}


def test_the_disruption_budget_and_the_service_select_the_web_pods(rendered):
    web_labels = of_kind(rendered, "Deployment")["impactportaal-web"]["spec"]["template"]["metadata"]["labels"]
    budget = of_kind(rendered, "PodDisruptionBudget")["impactportaal-web"]["spec"]
    service = of_kind(rendered, "Service")["impactportaal-web"]["spec"]

    assert budget["minAvailable"] == 1
    assert budget["selector"]["matchLabels"].items() <= web_labels.items()
    assert service["selector"].items() <= web_labels.items()
    backend = of_kind(rendered, "Ingress")["impactportaal"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"]["name"] == "impactportaal-web"


def test_the_pods_get_their_settings_from_the_rendered_config_map_and_secret(rendered):
    config_map = next(iter(of_kind(rendered, "ConfigMap").values()))
    secret = next(iter(of_kind(rendered, "Secret").values()))
    read_by_settings = set(re.findall(r"env_\w+\(\"(\w+)\"", (ROOT / "impactportal" / "settings.py").read_text()))

    for name, spec in pod_specs(rendered).items():
        for container in spec.get("initContainers", []) + spec["containers"]:
            assert container["envFrom"] == [
                {"configMapRef": {"name": config_map["metadata"]["name"]}},
                {"secretRef": {"name": secret["metadata"]["name"]}},
            ], name
    given = set(config_map["data"]) | set(secret.get("data", {})) | set(secret.get("stringData", {}))
    assert given - read_by_settings - READ_ELSEWHERE == set()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"} <= set(secret["data"])
    assert {"AWS_STORAGE_BUCKET_NAME", "DJANGO_ALLOWED_HOSTS"} <= set(config_map["data"])
    assert config_map["data"]["DJANGO_DEBUG"] == "0"


def test_every_database_connection_of_the_pods_plans_with_the_ssd_costs_of_docker_compose(rendered):
    config_map = next(iter(of_kind(rendered, "ConfigMap").values()))
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["postgres"]["command"]
    in_compose = {
        name: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)
        for name, value in (command[n + 1].split("=", 1) for n, word in enumerate(command[:-1]) if word == "-c")
    }

    in_pods = dict(setting.split("=", 1) for setting in re.findall(r"-c (\S+)", config_map["data"]["PGOPTIONS"]))

    assert in_pods == in_compose
    assert in_pods["random_page_cost"] == "1.1" and in_pods["effective_io_concurrency"] == "200"
