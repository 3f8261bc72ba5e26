"""Instances as ODK Collect writes them (the XML part of a submission), and the multipart
body it posts: `xml_submission_file`, then each photo under its own file name."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from siccs.fieldforms.xforms import CATALOGUE


def _fill(parent: ET.Element, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, list):
            for row in value:
                _fill(ET.SubElement(parent, name), row)
        else:
            ET.SubElement(parent, name).text = str(value)


def instance_xml(
    form_id: str, values: dict[str, Any], instance_id: str, deprecated_id: str = ""
) -> bytes:
    form = CATALOGUE[form_id]
    root = ET.Element(
        "data",
        {
            "id": form_id,
            "version": form.version(),
            "xmlns:jr": "http://openrosa.org/javarosa",
            "xmlns:orx": "http://openrosa.org/xforms",
            "xmlns:odk": "http://www.opendatakit.org/xforms",
        },
    )
    _fill(root, values)
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "instanceID").text = instance_id
    if deprecated_id:
        ET.SubElement(meta, "deprecatedID").text = deprecated_id
    ET.SubElement(meta, "instanceName").text = form_id
    return b"<?xml version='1.0' ?>" + ET.tostring(root, encoding="utf-8")


def multipart(xml: bytes, *photos: SimpleUploadedFile, incomplete: bool = False) -> dict:
    body: dict[str, Any] = {
        "xml_submission_file": SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    }
    for photo in photos:
        photo.seek(0)
        body[photo.name] = photo
    if incomplete:
        body["*isIncomplete*"] = "yes"
    return body
