"""The OpenRosa 1.0 wire format: headers, form list, manifest, response messages, and the
reading of a submitted instance into plain values.

Peers read before writing this: ODK Central's OpenRosa endpoints and KoboToolbox's
kobocat (OpenRosaResponse with its headers, 201 for a new submission, 202 for one
already received).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

from siccs.fieldforms.xforms import CATALOGUE, FieldForm

XFORMS_LIST_NS = "http://openrosa.org/xforms/xformsList"
MANIFEST_NS = "http://openrosa.org/xforms/xformsManifest"
RESPONSE_NS = "http://openrosa.org/http/response"
XML_CONTENT_TYPE = "text/xml; charset=utf-8"
# The instance itself (the XML part of a submission) is small; photos travel beside it.
MAX_INSTANCE_BYTES = 1024 * 1024


def accept_content_length() -> int:
    """The largest POST body we take: Collect splits bigger submissions into several."""
    return settings.UPLOAD_MAX_BYTES


def with_headers(response: HttpResponse) -> HttpResponse:
    """The headers every OpenRosa response carries (the Date one is required too)."""
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(accept_content_length())
    response["Date"] = http_date()
    return response


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def xml_response(root: ET.Element, status: int = 200) -> HttpResponse:
    return with_headers(HttpResponse(_xml(root), status=status, content_type=XML_CONTENT_TYPE))


def message_response(message: str, *, status: int, nature: str = "") -> HttpResponse:
    """The OpenRosaResponse body Collect shows to the person, for success and errors alike."""
    root = ET.Element("OpenRosaResponse", xmlns=RESPONSE_NS)
    element = ET.SubElement(root, "message")
    if nature:
        element.set("nature", nature)
    element.text = message
    return xml_response(root, status)


def form_list(entries: list[dict[str, str]]) -> ET.Element:
    root = ET.Element("xforms", xmlns=XFORMS_LIST_NS)
    for entry in entries:
        xform = ET.SubElement(root, "xform")
        for name in ("formID", "name", "version", "hash", "descriptionText", "downloadUrl"):
            ET.SubElement(xform, name).text = entry.get(name, "")
        if entry.get("manifestUrl"):
            ET.SubElement(xform, "manifestUrl").text = entry["manifestUrl"]
    return root


def manifest(files: list[dict[str, str]]) -> ET.Element:
    root = ET.Element("manifest", xmlns=MANIFEST_NS)
    for item in files:
        media = ET.SubElement(root, "mediaFile")
        ET.SubElement(media, "filename").text = item["filename"]
        ET.SubElement(media, "hash").text = item["hash"]
        ET.SubElement(media, "downloadUrl").text = item["downloadUrl"]
    return root


# --- Reading a submitted instance ----------------------------------------------------


class InstanceError(Exception):
    """The XML part is not an instance of one of our forms (a 400 or 404 answer)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Instance:
    form: FieldForm
    version: str
    instance_id: str
    deprecated_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_values(element: ET.Element, form: FieldForm) -> dict[str, Any]:
    """Field values by name: groups are flattened (names are unique in a form), repeats
    become lists of rows."""
    values: dict[str, Any] = {}
    for child in element:
        name = _local(child.tag)
        if name == "meta":
            continue
        if name in form.repeats:
            values.setdefault(name, []).append(read_values(child, form))
        elif len(child):
            values.update(read_values(child, form))
        else:
            values[name] = (child.text or "").strip()
    return values


def parse_instance(content: bytes) -> Instance:
    """The form, IDs and values of a submitted instance. DTDs and entities are refused
    (defusedxml), so that a hostile file cannot expand or reach outside."""
    if len(content) > MAX_INSTANCE_BYTES:
        raise InstanceError("too large", status=413)
    try:
        root = fromstring(content)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise InstanceError("not XML") from error
    form = CATALOGUE.get(root.get("id", ""))
    if form is None:
        raise InstanceError("unknown form", status=404)
    meta: dict[str, str] = {}
    for element in root.iter():
        if _local(element.tag) == "meta":
            meta = {_local(c.tag): (c.text or "").strip() for c in element}
            break
    instance_id = meta.get("instanceID", "") or root.get("instanceID", "")
    if not instance_id or len(instance_id) > 100:
        raise InstanceError("no instanceID")
    return Instance(
        form=form,
        version=(root.get("version") or "")[:32],
        instance_id=instance_id,
        deprecated_id=meta.get("deprecatedID", "")[:100],
        data=read_values(root, form),
    )


def attachment_names(form: FieldForm, data: dict[str, Any]) -> set[str]:
    """The file names the instance's image questions refer to."""
    names: set[str] = set()

    def visit(values: dict[str, Any]) -> None:
        for key, value in values.items():
            if isinstance(value, list):
                for row in value:
                    visit(row)
            elif key in form.images and value:
                names.add(value)

    visit(data)
    return names
