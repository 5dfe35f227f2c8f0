package com.astromkey.domain.validation.rules;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKV-030 and AKW-011: {@code image}, {@code codeModulesImage} and {@code activeGate.image} follow registry.md §1 and name a registry. */
public final class ImageReferenceRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-030", "AKW-011");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (ImageFields.ImageField field : ImageFields.of(context)) {
      try {
        ImageReference reference = ImageReference.parse(field.value());
        if (!reference.hasExplicitDomain()) {
          problems.add(new Problem("AKW-011", field.path() + " '" + field.value() + "' names no registry, so it resolves"
              + " to " + reference.canonical() + ". Prefix it with your registry host if that is not intended."));
        }
      } catch (ImageReferenceException e) {
        problems.add(new Problem("AKV-030", field.path() + " '" + field.value() + "' is not a valid image reference ("
            + e.getMessage() + "). Expected [registry[:port]/]repository[:tag][@sha256:<digest>], e.g."
            + " registry.my-company.com/astromkey/astromkey-oneagent:1.301.0."));
      }
    }
    return problems;
  }
}
