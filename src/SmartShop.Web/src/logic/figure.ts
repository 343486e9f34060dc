import type { Convention, OeeElements, OeeFigure, OeeKpiFigures } from "../api/types.ts";

export function kpisOf(figure: OeeFigure | null | undefined, convention: Convention): OeeKpiFigures | null {
  if (!figure) return null;
  return convention === "threshold" ? figure.threshold : figure.iso;
}

/**
 * The elements as a convention counts them: under the threshold convention the minor-stop time moves from ADET to
 * APT (and so into AUPT), which turns it from an availability loss into an effectiveness loss. PBT does not change.
 */
export function conventionElements(elements: OeeElements, convention: Convention): OeeElements {
  if (convention === "iso") return elements;
  return {
    ...elements,
    apt: elements.apt + elements.microStopTime,
    aupt: elements.aupt + elements.microStopTime,
    adet: elements.adet - elements.microStopTime,
  };
}
