package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** AKV-040 to AKV-043 and AKW-004: OneAgent installer arguments the DaemonSet can pass on safely. */
public final class OneAgentArgsRule implements ValidationRule {
  private static final Set<String> REPEATABLE = Set.of(OneAgentArgs.SET_HOST_PROPERTY, OneAgentArgs.SET_HOST_TAG);

  @Override
  public List<String> ids() {
    return List.of("AKV-040", "AKV-041", "AKV-042", "AKV-043", "AKW-004");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      if (host != null && host.getArgs() != null) {
        check(mode, host.getArgs(), problems);
      }
    }
    return problems;
  }

  private static void check(OneAgentMode mode, List<String> args, List<Problem> problems) {
    String field = ValidationContext.field(mode, "args");
    Set<String> keys = new LinkedHashSet<>();
    Set<String> duplicateKeys = new LinkedHashSet<>();
    Set<String> tags = new LinkedHashSet<>();
    Set<String> duplicateTags = new LinkedHashSet<>();
    boolean hostIdSource = false;
    boolean hostGroup = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i) == null ? "" : args.get(i);
      String key = OneAgentArgs.key(arg);
      if (!keys.add(key) && !REPEATABLE.contains(key)) {
        duplicateKeys.add(key);
      }
      if (key.equals(OneAgentArgs.SET_HOST_TAG) && OneAgentArgs.value(arg) != null && !tags.add(OneAgentArgs.value(arg))) {
        duplicateTags.add(OneAgentArgs.value(arg));
      }
      hostIdSource |= key.equals(OneAgentArgs.SET_HOST_ID_SOURCE);
      hostGroup |= key.equals(OneAgentArgs.SET_HOST_GROUP);
      if (ControlCharacters.containsLineBreakTabOrNul(arg)) {
        problems.add(new Problem("AKV-043", field + "[" + i + "] contains a line break, tab or NUL character. Each"
            + " argument must be a single line."));
      }
    }
    for (String key : duplicateKeys) {
      problems.add(new Problem("AKV-040", field + " contains '" + key + "' more than once. Only --set-host-property and"
          + " --set-host-tag may repeat; remove the duplicates."));
    }
    if (!duplicateTags.isEmpty()) {
      String list = duplicateTags.stream().map(tag -> "'" + tag + "'").collect(Collectors.joining(", "));
      problems.add(new Problem("AKV-041", field + " sets host tag(s) " + list + " more than once. List every tag only"
          + " once."));
    }
    if (hostIdSource && mode == OneAgentMode.CLOUD_NATIVE_FULL_STACK) {
      problems.add(new Problem("AKV-042", "spec.oneAgent.cloudNativeFullStack.args may not contain --set-host-id-source;"
          + " the operator sets the host identity in this mode. Remove the argument."));
    }
    if (hostGroup) {
      problems.add(new Problem("AKW-004", field + " uses --set-host-group; use spec.oneAgent.hostGroup instead (it wins"
          + " if both are set)."));
    }
  }
}
