package com.astromkey.domain.dynakube;

import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The DynaKube custom resource, astromkey.com/v1beta5: what one tenant's monitoring of this cluster should look like. */
@Group(DynaKube.GROUP)
@Version(DynaKube.VERSION)
@Kind(DynaKube.KIND)
@Plural("dynakubes")
@Singular("dynakube")
@ShortNames({"dk", "dks"})
@Categories("astromkey")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DynaKube extends CustomResource<DynaKubeSpec, DynaKubeStatus> implements Namespaced {
  public static final String GROUP = "astromkey.com";
  public static final String VERSION = "v1beta5";
  public static final String KIND = "DynaKube";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  protected DynaKubeSpec initSpec() {
    return new DynaKubeSpec();
  }

  @Override
  protected DynaKubeStatus initStatus() {
    return new DynaKubeStatus();
  }
}
