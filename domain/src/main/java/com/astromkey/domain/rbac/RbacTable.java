package com.astromkey.domain.rbac;

import com.astromkey.domain.names.ObjectNames;
import java.util.List;

/**
 * The RBAC verb table of helm-and-image.md §3.4, the single source the chart's roles are tested against: least privilege,
 * every verb on every resource with the reason a component needs it.
 */
public final class RbacTable {
  public static final String CORE = "";
  public static final String APPS = "apps";
  public static final String BATCH = "batch";
  public static final String COORDINATION = "coordination.k8s.io";
  public static final String ADMISSION = "admissionregistration.k8s.io";
  public static final String APIEXTENSIONS = "apiextensions.k8s.io";
  public static final String ASTROMKEY = "astromkey.com";

  /** What "all verbs" means in the table: spelled out, never {@code *}. */
  public static final List<String> ALL_VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");
  public static final List<String> READ = List.of("get", "list", "watch");

  private RbacTable() {}

  public static List<ServiceAccountRbac> all() {
    return List.of(operator(), webhook(), csiDriver(), oneAgent(), activeGate());
  }

  public static ServiceAccountRbac forServiceAccount(String serviceAccount) {
    return all().stream().filter(s -> s.serviceAccount().equals(serviceAccount)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no RBAC entry for service account " + serviceAccount));
  }

  public static ServiceAccountRbac operator() {
    return new ServiceAccountRbac(ObjectNames.OPERATOR_SERVICE_ACCOUNT,
        List.of(
            PolicyRule.of(CORE, List.of("namespaces"), List.of("get", "list", "watch", "patch"),
                "label monitored namespaces for injection and watch their labels; get also reads the kube-system UID (cluster id)"),
            PolicyRule.of(CORE, List.of("secrets"), List.of("get", "list", "watch", "create", "update", "delete"),
                "replicate the bootstrapper config and injection pull secret into monitored namespaces and remove stale replicas"),
            PolicyRule.of(ADMISSION, List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations"), READ,
                "watch the webhook configurations to heal caBundle drift"),
            PolicyRule.named(ADMISSION, List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations"),
                List.of(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION), List.of("update"),
                "patch caBundle into our own webhook configurations only"),
            PolicyRule.of(CORE, List.of("nodes"), List.of("list"), "troubleshoot reports node platforms"),
            PolicyRule.named(APIEXTENSIONS, List.of("customresourcedefinitions"), List.of("dynakubes.astromkey.com"),
                List.of("get"), "troubleshoot checks the installed DynaKube CRD"),
            PolicyRule.of(CORE, List.of("events"), List.of("create"), "report reconcile results as events")),
        List.of(
            PolicyRule.of(ASTROMKEY, List.of("dynakubes", "dynakubes/status", "dynakubes/finalizers"), ALL_VERBS,
                "the DynaKube controller: read specs, write status, add and remove the cleanup finalizer"),
            PolicyRule.of(APPS, List.of("daemonsets", "statefulsets"), ALL_VERBS, "own the OneAgent DaemonSets and ActiveGate StatefulSets"),
            PolicyRule.of(CORE, List.of("services", "configmaps", "secrets"), ALL_VERBS,
                "own ActiveGate services, connection-info config maps, pull/tenant secrets and the webhook certificate secrets"),
            PolicyRule.of(CORE, List.of("pods"), READ, "count OneAgent instances for the DynaKube status"),
            PolicyRule.of(APPS, List.of("deployments"), READ, "the webhook certificate controller watches the webhook Deployment"),
            PolicyRule.of(COORDINATION, List.of("leases"), List.of("get", "create", "update"),
                "leader election through the Lease " + ObjectNames.OPERATOR_LEASE)));
  }

  public static ServiceAccountRbac webhook() {
    return new ServiceAccountRbac(ObjectNames.WEBHOOK_SERVICE_ACCOUNT,
        List.of(
            PolicyRule.of(CORE, List.of("namespaces"), READ, "namespace informer: which namespaces a DynaKube monitors"),
            PolicyRule.of(CORE, List.of("secrets"), List.of("list", "watch"),
                "label-filtered informer on the injection pull secret replicas in application namespaces"),
            PolicyRule.of(CORE, List.of("events"), List.of("create"), "report injection decisions on pods")),
        List.of(
            PolicyRule.of(ASTROMKEY, List.of("dynakubes"), READ, "DynaKube informer for injection decisions"),
            PolicyRule.of(CORE, List.of("secrets"), READ, "read the serving certificate and the injection pull secret sources")));
  }

  public static ServiceAccountRbac csiDriver() {
    return new ServiceAccountRbac(ObjectNames.CSI_SERVICE_ACCOUNT,
        List.of(
            PolicyRule.of(CORE, List.of("nodes"), List.of("get"), "read the node platform to pick the image manifest"),
            PolicyRule.of(CORE, List.of("events"), List.of("create"), "report code-module problems on DynaKubes and application pods")),
        List.of(
            PolicyRule.of(ASTROMKEY, List.of("dynakubes"), READ, "which code modules each DynaKube wants"),
            PolicyRule.of(CORE, List.of("secrets", "configmaps"), READ,
                "pull secrets for the registry keychain, trusted CAs and signature public keys"),
            PolicyRule.of(BATCH, List.of("jobs"), List.of("create", "get", "list", "delete"), "node-image-pull Jobs"),
            PolicyRule.of(CORE, List.of("pods"), List.of("get", "list"), "follow the node-image-pull Job pods")));
  }

  /** The OneAgent runs as a host agent and talks to no Kubernetes API: a service account without any role. */
  public static ServiceAccountRbac oneAgent() {
    return new ServiceAccountRbac(ObjectNames.ONEAGENT_SERVICE_ACCOUNT, List.of(), List.of());
  }

  public static ServiceAccountRbac activeGate() {
    return new ServiceAccountRbac(ObjectNames.ACTIVEGATE_SERVICE_ACCOUNT,
        List.of(
            PolicyRule.of(CORE, List.of("nodes", "pods", "namespaces", "services", "events"), READ,
                "kubernetes-monitoring capability reads cluster state"),
            PolicyRule.of(APPS, List.of("deployments", "replicasets", "statefulsets", "daemonsets"), READ,
                "kubernetes-monitoring capability reads workloads"),
            PolicyRule.of(BATCH, List.of("jobs", "cronjobs"), READ, "kubernetes-monitoring capability reads batch workloads")),
        List.of());
  }
}
