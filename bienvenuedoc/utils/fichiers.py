"""The one rule for files uploaded to the site (documents the hotline shares with a requester, agents' photos,
and any future upload, requesters' included): an allow-list of types recognised by their CONTENT (magic bytes,
read by the `filetype` library), an extension that matches that content, and a size limit. A `.exe` renamed
`.pdf`, an HTML page named `.png` or a 60 MB file are refused with a French message on the field."""

from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible

MO = 1024 * 1024
# bytes read to recognise a type (the signatures of office files sit in the first entries of their zip)
_OCTETS_LUS = 8192

DOCUMENTS = {
    "pdf": ("pdf",),
    "jpg": ("jpg", "jpeg"),
    "png": ("png",),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "odt": ("odt",),
    "ods": ("ods",),
}
IMAGES = {"jpg": ("jpg", "jpeg"), "png": ("png",), "webp": ("webp",)}
LIBELLES = {
    "pdf": "PDF",
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "odt": "texte OpenDocument (.odt)",
    "ods": "tableur OpenDocument (.ods)",
}


def _type_du_contenu(fichier) -> str | None:
    """The type recognised from the first bytes of the file (None if unknown); the file's position is kept."""
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    try:
        fichier.seek(0)
        entete = fichier.read(_OCTETS_LUS)
    finally:
        fichier.seek(position)
    genre = filetype.guess(bytes(entete)) if entete else None
    return genre.extension if genre else None


@deconstructible
class ValidateurFichier:
    """Callable validator: `ValidateurFichier(types=DOCUMENTS, taille_max=10 * MO)(fichier)`.
    `types` maps a type recognised by its content to the file extensions accepted for it."""

    def __init__(self, *, types: dict, taille_max: int):
        self.types = types
        self.taille_max = taille_max

    def __eq__(self, autre):
        return isinstance(autre, ValidateurFichier) and (self.types, self.taille_max) == (
            autre.types,
            autre.taille_max,
        )

    def formats(self) -> str:
        return ", ".join(LIBELLES.get(t, t.upper()) for t in self.types)

    def __call__(self, fichier) -> None:
        if fichier is None:
            return
        taille = getattr(fichier, "size", None)
        if taille is not None and taille > self.taille_max:
            raise ValidationError(
                "Ce fichier est trop lourd (%(taille)s) : la taille maximale est de %(maximum)s.",
                code="fichier_trop_lourd",
                params={"taille": filesizeformat(taille), "maximum": filesizeformat(self.taille_max)},
            )
        extension = PurePath(getattr(fichier, "name", "") or "").suffix.lower().lstrip(".")
        type_reel = _type_du_contenu(fichier)
        if type_reel not in self.types or extension not in self.types[type_reel]:
            raise ValidationError(
                "Ce type de fichier n’est pas accepté (son contenu ou son extension ne correspond pas à un format "
                "autorisé). Formats acceptés : %(formats)s.",
                code="type_fichier_refuse",
                params={"formats": self.formats()},
            )


valider_document = ValidateurFichier(types=DOCUMENTS, taille_max=10 * MO)
valider_image = ValidateurFichier(types=IMAGES, taille_max=2 * MO)


@deconstructible
class ValidateurFichierTexte:
    """Callable validator for data files in text (CSV, pipe-separated extracts): an allowed extension, a size
    limit, and content that really is text — not a type `filetype` recognises (a zip, an executable, an image),
    no NUL byte, and a beginning that decodes as UTF-8 or Windows-1252."""

    def __init__(self, *, extensions: tuple[str, ...], taille_max: int):
        self.extensions = tuple(extensions)
        self.taille_max = taille_max

    def __eq__(self, autre):
        return isinstance(autre, ValidateurFichierTexte) and (self.extensions, self.taille_max) == (
            autre.extensions,
            autre.taille_max,
        )

    def __call__(self, fichier) -> None:
        if fichier is None:
            return
        taille = getattr(fichier, "size", None)
        if taille is not None and taille > self.taille_max:
            raise ValidationError(
                "Ce fichier est trop lourd (%(taille)s) : la taille maximale est de %(maximum)s.",
                code="fichier_trop_lourd",
                params={"taille": filesizeformat(taille), "maximum": filesizeformat(self.taille_max)},
            )
        formats = ", ".join(f".{e}" for e in self.extensions)
        extension = PurePath(getattr(fichier, "name", "") or "").suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                "Ce type de fichier n’est pas accepté : un fichier texte %(formats)s est attendu.",
                code="type_fichier_refuse",
                params={"formats": formats},
            )
        position = fichier.tell() if hasattr(fichier, "tell") else 0
        try:
            fichier.seek(0)
            debut = bytes(fichier.read(_OCTETS_LUS))
        finally:
            fichier.seek(position)
        if not debut.strip():
            raise ValidationError("Ce fichier est vide.", code="fichier_vide")
        texte = b"\x00" not in debut and filetype.guess(debut) is None
        if texte:
            try:
                debut.decode("utf-8")
            except UnicodeDecodeError as erreur:
                # a multi-byte character cut at the end of the block read is not an error
                texte = erreur.start >= len(debut) - 3 or _decode_cp1252(debut)
        if not texte:
            raise ValidationError(
                "Ce fichier n’est pas un fichier texte (son contenu est binaire) : un fichier texte %(formats)s "
                "est attendu, décompressez-le s’il est dans une archive.",
                code="type_fichier_refuse",
                params={"formats": formats},
            )


def _decode_cp1252(octets: bytes) -> bool:
    try:
        octets.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
