package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.ValidationContext;
import java.util.ArrayList;
import java.util.List;

/** The image fields of a DynaKube that are set, with their spec paths. */
final class ImageFields {
  record ImageField(String path, String value) {}

  private ImageFields() {}

  static List<ImageField> of(ValidationContext context) {
    List<ImageField> fields = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      if (host != null && ValidationContext.isSet(host.getImage())) {
        fields.add(new ImageField(ValidationContext.field(mode, "image"), host.getImage()));
      }
      AppInjection app = context.appInjection(mode);
      if (app != null && app.hasCodeModulesImage()) {
        fields.add(new ImageField(ValidationContext.field(mode, "codeModulesImage"), app.getCodeModulesImage()));
      }
    }
    if (context.spec().getActiveGate() != null && ValidationContext.isSet(context.spec().getActiveGate().getImage())) {
      fields.add(new ImageField("spec.activeGate.image", context.spec().getActiveGate().getImage()));
    }
    return fields;
  }
}
