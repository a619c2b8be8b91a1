"""ValidateurFichierTexte (bienvenuedoc/utils/fichiers.py): data files in text — extension, size, content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bienvenuedoc.utils.fichiers import ValidateurFichierTexte

valider = ValidateurFichierTexte(extensions=("csv", "txt"), taille_max=10_000)


@pytest.mark.parametrize(
    "contenu",
    [
        b"code;nom\n47001;Agen\n",
        "code;nom\n47001;Villeneuve-sur-Lot, Agen, Nérac\n".encode("cp1252"),  # older official files
        b"a|\n" + "é".encode() * 5000,  # a character cut by the block read (8,192 bytes) is no error
    ],
)
def test_texte_accepte(contenu):
    valider(SimpleUploadedFile("donnees.csv", contenu[:10_000]))


@pytest.mark.parametrize(
    ("nom", "contenu", "code"),
    [
        ("donnees.xlsx", b"a,b\n", "type_fichier_refuse"),
        ("donnees.csv", b"PK\x03\x04" + b"\x00" * 50, "type_fichier_refuse"),
        ("donnees.csv", b"\x89PNG\r\n\x1a\n" + b"\x01" * 50, "type_fichier_refuse"),
        ("donnees.txt", b"a,b\n\x00\x00", "type_fichier_refuse"),
        ("donnees.csv", b"   \n", "fichier_vide"),
        ("donnees.csv", b"a" * 10_001, "fichier_trop_lourd"),
    ],
)
def test_refuse_en_francais(nom, contenu, code):
    with pytest.raises(ValidationError) as erreur:
        valider(SimpleUploadedFile(nom, contenu))
    assert erreur.value.code == code
    assert any(mot in erreur.value.messages[0] for mot in ("fichier", "Fichier"))
