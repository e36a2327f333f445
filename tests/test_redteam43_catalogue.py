"""Red team 43, issue 9 class 6 (catalogue gaps): destructive verbs of programs the tripwire
catalogue did not name. Under the open role each was allowed: `terraform destroy` (and `apply
-destroy`, tofu, terragrunt, pulumi, cdk), `kubectl delete ns prod` / `--all`, `docker volume
prune`, `podman system reset`, `crontab -r` (in every flag order and bundle), `iptables -F` /
`-P INPUT DROP`, `nft flush ruleset`, `ufw disable`; and the machine suspended (`systemctl
suspend`, `pm-suspend`) under every role, as powering it off is. Their everyday neighbours stay
allowed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt43cat"), files={"README.md": "hi\n"})


DESTRUCTIVE = [
    ("terraform destroy -auto-approve", "infrastructure-destroy"),
    ("terraform -chdir=infra destroy", "infrastructure-destroy"),
    ("terraform apply -destroy -auto-approve", "infrastructure-destroy"),
    ("tofu destroy", "infrastructure-destroy"),
    ("terragrunt run-all destroy", "infrastructure-destroy"),
    ("pulumi destroy -y", "infrastructure-destroy"),
    ("pulumi down -y", "infrastructure-destroy"),
    ("cdk destroy --force", "infrastructure-destroy"),
    ("kubectl delete ns prod", "kubernetes-delete-wide"),
    ("kubectl delete ns/prod", "kubernetes-delete-wide"),
    ("kubectl delete namespace --all", "kubernetes-delete-wide"),
    ("kubectl delete all --all -A", "kubernetes-delete-wide"),
    ("kubectl -n prod delete pvc data-db-0", "kubernetes-delete-wide"),
    ("docker volume prune -f", "container-volumes-prune"),
    ("docker system prune -a --volumes -f", "container-volumes-prune"),
    ("podman system reset -f", "container-storage-reset"),
    ("crontab -r", "crontab-remove"),
    ("crontab -ir", "crontab-remove"),
    ("crontab -u bob -r", "crontab-remove"),
    ("crontab -r -u bob", "crontab-remove"),
    ("iptables -F", "firewall-flush"),
    ("iptables -t nat --flush", "firewall-flush"),
    ("iptables -P INPUT DROP", "firewall-flush"),
    ("ip6tables -X", "firewall-flush"),
    ("nft flush ruleset", "firewall-off"),
    ("ufw disable", "firewall-disable"),
    ("ufw --force reset", "firewall-disable"),
]


@pytest.mark.parametrize("command,tripwire", DESTRUCTIVE)
def test_destructive_verbs_are_refused_under_open(g, command, tripwire):
    assert_denied(g.bash(command, role="open"), "tripwire %s (destructive)" % tripwire)


@pytest.mark.parametrize("command", ["terraform destroy -auto-approve", "kubectl delete ns prod", "crontab -r",
                                     "iptables -F"])
def test_the_operator_may_run_destructive_verbs(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["systemctl suspend", "systemctl hibernate", "systemctl hybrid-sleep",
                                     "pm-suspend", "pm-hibernate"])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_suspending_the_machine_is_catastrophic(g, role, command):
    assert_denied(g.bash(command, role=role), "(catastrophic)", "`%s" % command.split()[0])


@pytest.mark.parametrize("command", [
    "crontab -l", "crontab -uroot -l", "kubectl delete pod web-1", "kubectl get ns", "kubectl delete -f deploy.yaml",
    "docker volume ls", "docker system prune -f", "docker image prune -f", "terraform plan", "terraform apply",
    "pulumi up", "iptables -L -n", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT", "nft list ruleset",
    "ufw status", "ufw allow 22", "systemctl status nginx",
])
def test_everyday_neighbours_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
