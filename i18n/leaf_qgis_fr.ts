<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>leaf_qgis</name>
    <message>
        <location filename="../leaf_qgis/api.py" line="48"/>
        <source>Unknown backend %r (local or earthengine).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Moteur %r inconnu (local ou earthengine).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/deps.py" line="165"/>
        <source>A .pth file in %s could not be processed (%s); its other packages are still used.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un fichier .pth de %s n'a pas pu être traité (%s); ses autres paquets restent utilisés.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/plugin.py" line="52"/>
        <source>&amp;LEAF</source>
        <translation>&amp;LEAF</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/plugin.py" line="62"/>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/plugin.py" line="63"/>
        <source>Check optional dependencies…</source>
        <translation>Vérifier les dépendances facultatives…</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/plugin.py" line="64"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/plugin.py" line="70"/>
        <source>LEAF: estimate biophysical variables (SL2P)…</source>
        <translation>LEAF : estimer les variables biophysiques (SL2P)…</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="77"/>
        <source>The file %s is %d bytes, larger than any valid one (%d MB at most).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s fait %d octets, plus qu'aucun fichier valide (%d Mo au plus).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="85"/>
        <source>The file %s could not be read: it is not UTF-8 text.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'a pas pu être lu : ce n'est pas du texte UTF-8.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="88"/>
        <source>The file %s could not be read: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'a pas pu être lu : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="165"/>
        <source>Algorithm definition %s: %s must be a catalog id or a list of them.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : %s doit être un identifiant du catalogue ou une liste d'identifiants.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="175"/>
        <source>Algorithm definition %s: a field has the wrong type (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : un champ a le mauvais type (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="181"/>
        <source>Algorithm definition %s: '%s' is missing or is not a %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : '%s' est absent ou n'est pas de type %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="185"/>
        <source>Algorithm definition %s: unsupported schema (expected "schema": 1).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : schéma non pris en charge ("schema": 1 attendu).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="189"/>
        <source>Algorithm definition %s: 'inputs' must list cosVZA, cosSZA, cosRAA and the bands, once each.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : 'inputs' doit énumérer cosVZA, cosSZA, cosRAA et les bandes, chacun une seule fois.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="194"/>
        <source>Algorithm definition %s: unknown variables %s (known: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : variables inconnues %s (variables connues : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="198"/>
        <source>Algorithm definition %s: network slot %d is not an object.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : l'emplacement de réseau %d n'est pas un objet.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="201"/>
        <source>Algorithm definition %s: network slot %d has no 'estimates'.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : l'emplacement de réseau %d n'a pas d'entrée 'estimates'.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="204"/>
        <source>Algorithm definition %s: network slot %d has a 'slot' that is not an integer.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : l'emplacement de réseau %d a un 'slot' qui n'est pas un entier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="207"/>
        <source>Algorithm definition %s: network slots must be numbered 0..N-1 in order.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : les emplacements de réseau doivent être numérotés de 0 à N-1 dans l'ordre.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="209"/>
        <source>Algorithm definition %s: either every slot or none has uncertainty networks.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : soit tous les emplacements ont des réseaux d'incertitude, soit aucun.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="214"/>
        <source>Algorithm definition %s: 'landcover' needs a 'class_slots' object.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : 'landcover' exige un objet 'class_slots'.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="219"/>
        <source>Algorithm definition %s: land-cover classes and slots must be integers.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : les classes de couverture terrestre et les emplacements doivent être des entiers.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="222"/>
        <source>Algorithm definition %s: land-cover classes refer to missing slots %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : des classes de couverture terrestre renvoient à des emplacements absents %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="225"/>
        <source>Algorithm definition %s: several network slots need a 'landcover' mapping.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : plusieurs emplacements de réseau exigent une correspondance 'landcover'.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="228"/>
        <source>Algorithm definition %s: 'angle_quantization' must be none or toolbox.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : 'angle_quantization' doit valoir none ou toolbox.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="231"/>
        <source>Algorithm definition %s: 'resolution_m' must be a non-negative number.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : 'resolution_m' doit être un nombre positif ou nul.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="234"/>
        <source>Algorithm definition %s: 'toolbox_cos_raa' must be int16 or uint16.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Définition d'algorithme %s : 'toolbox_cos_raa' doit valoir int16 ou uint16.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="274"/>
        <source>%s (skipped; every other algorithm still loads).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s (ignorée; tous les autres algorithmes se chargent).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/algorithm.py" line="283"/>
        <source>Unknown algorithm '%s'; available: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Algorithme '%s' inconnu; algorithmes disponibles : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="46"/>
        <source>The %s backend cannot make an analysis-ready stack; use the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur %s ne peut pas faire de pile prête à l'analyse; utilisez le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="49"/>
        <source>The %s backend cannot estimate; use the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur %s ne peut pas estimer; utilisez le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="52"/>
        <source>The %s backend cannot make a mosaic; use the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur %s ne peut pas faire de mosaïque; utilisez le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="55"/>
        <source>The %s backend cannot make a time series; use the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur %s ne peut pas faire de série temporelle; utilisez le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="66"/>
        <source>The coordinate reference system %r is not one GDAL knows.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le système de coordonnées de référence %r n'est pas connu de GDAL.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="90"/>
        <location filename="../leaf_qgis/engine/clip.py" line="32"/>
        <source>A clipping polygon is not valid WKT.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un polygone de découpage n'est pas un WKT valide.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="106"/>
        <source>A search needs an area: a grid, an extent, polygons or a tile.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une recherche demande une zone : une grille, une étendue, des polygones ou une tuile.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="127"/>
        <source>An Earth Engine run needs an area: a grid, an extent, polygons or a tile.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une exécution sur Earth Engine demande une zone : une grille, une étendue, des polygones ou une tuile.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="141"/>
        <location filename="../leaf_qgis/processing/area.py" line="205"/>
        <source>Give the output resolution in degrees for the geographic CRS %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Donnez la résolution de sortie en degrés pour le SCR géographique %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="155"/>
        <location filename="../leaf_qgis/engine/composite.py" line="344"/>
        <location filename="../leaf_qgis/engine/timeseries.py" line="240"/>
        <location filename="../leaf_qgis/processing/area.py" line="159"/>
        <source>Give the output resolution in the units of the chosen CRS.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Indiquez la résolution de sortie dans les unités du SCR choisi.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="203"/>
        <source>The Earth Engine source %s needs the Earth Engine backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La source Earth Engine %s demande le moteur Earth Engine.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="205"/>
        <source>Export tasks are made by the Earth Engine backend; the local backend writes the outputs itself.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les tâches d'exportation sont créées par le moteur Earth Engine; le moteur local écrit lui-même les sorties.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="208"/>
        <source>Give a product, a stack, a folder or a STAC search as input.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Donnez en entrée un produit, une pile, un dossier ou une recherche STAC.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="252"/>
        <source>A period selects Earth Engine images or STAC items; the local backend reads the products it is given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une période choisit des images Earth Engine ou des éléments STAC; le moteur local lit les produits qui lui sont donnés.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="263"/>
        <source>A band map names the bands of a raster to estimate; the subset reads products.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une table de bandes nomme les bandes d'un raster à estimer; l'extraction lit des produits.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="268"/>
        <source>The STAC search found %d acquisitions (%s); narrow the dates to one, or make a mosaic.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La recherche STAC a trouvé %d acquisitions (%s); restreignez les dates à une seule, ou faites une mosaïque.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="283"/>
        <source>The local estimate reads products and stacks, not a STAC search; make a subset or a mosaic of the search first.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'estimation locale lit des produits et des piles, pas une recherche STAC; faites d'abord une extraction ou une mosaïque de la recherche.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="304"/>
        <source>A band map names the bands of a raster to estimate; the mosaic reads products and stacks.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une table de bandes nomme les bandes d'un raster à estimer; la mosaïque lit des produits et des piles.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="307"/>
        <source>The mosaic's estimates take an algorithm, variables and an encoding only.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les estimations de la mosaïque ne prennent qu'un algorithme, des variables et un encodage.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="343"/>
        <source>A time series estimates in float32 with the algorithm's angle handling; constant angles, the angle quantization and the uint8 encoding are for leaf:estimate.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une série temporelle estime en float32 avec le traitement des angles de l'algorithme; les angles constants, la quantification des angles et l'encodage uint8 sont pour leaf:estimate.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/backend.py" line="346"/>
        <source>A time series chooses its own windows; leave the window size empty.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une série temporelle choisit ses propres fenêtres; laissez la taille de fenêtre vide.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="110"/>
        <source>Catalog file %s has an entry that is not an object.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de catalogue %s contient une entrée qui n'est pas un objet.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="122"/>
        <source>Catalog file %s has a malformed entry %s (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de catalogue %s contient une entrée mal formée %s (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="124"/>
        <source>Catalog file %s has a malformed entry %s (a field is empty or not text, or a path leaves its folder).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de catalogue %s contient une entrée %s mal formée (un champ est vide ou n'est pas du texte, ou un chemin sort de son dossier).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="149"/>
        <source>Catalog file %s has no list of entries.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de catalogue %s n'a pas de liste d'entrées.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="153"/>
        <source>%s (skipped; its networks are not available).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s (ignoré; ses réseaux ne sont pas disponibles).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="159"/>
        <source>Catalog id %s appears twice (again in %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'identifiant de catalogue %s apparaît deux fois (de nouveau dans %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="164"/>
        <source>%s (skipped; the other entries are available).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s (ignorée; les autres entrées sont disponibles).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="202"/>
        <source>Downloading networks needs the Python package 'requests', which is not installed; install networks from a local folder or zip instead.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le téléchargement des réseaux exige le paquet Python 'requests', qui n'est pas installé; installez plutôt les réseaux à partir d'un dossier local ou d'un fichier zip.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="205"/>
        <source>The download base URL %s is not an http:// or https:// address; correct it in the LEAF settings, the BASE_URL parameter or %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'URL de base de téléchargement %s n'est pas une adresse http:// ou https://; corrigez-la dans les paramètres de LEAF, le paramètre BASE_URL ou %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="217"/>
        <source>Could not download %s: the server answered HTTP %d.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le serveur a répondu HTTP %d.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="222"/>
        <source>Could not download %s: it is much larger than the catalog's %d bytes.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le fichier est beaucoup plus gros que les %d octets indiqués dans le catalogue.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="243"/>
        <source>Could not download %s: it did not arrive within %s s, %d times (offline? install the networks from a folder or zip, or set the download base URL).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le fichier n'est pas arrivé en %s s, %d fois (hors ligne? installez les réseaux depuis un dossier ou un zip, ou définissez l'URL de base de téléchargement).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="246"/>
        <source>Could not download %s: the server did not answer within %s s, %d times (offline? install the networks from a folder or zip, or set the download base URL).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le serveur n'a pas répondu en %s s, %d fois (hors ligne? installez les réseaux depuis un dossier ou un zip, ou définissez l'URL de base de téléchargement).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="250"/>
        <source>Could not download %s: the server could not be reached (offline? install the networks from a folder or zip, or set the download base URL).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le serveur n'a pas pu être joint (hors ligne? installez les réseaux depuis un dossier ou un zip, ou définissez l'URL de base de téléchargement).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="253"/>
        <source>Could not download %s: the server answered HTTP %d, %d times (offline? install the networks from a folder or zip, or set the download base URL).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : le serveur a répondu HTTP %d, %d fois (hors ligne? installez les réseaux depuis un dossier ou un zip, ou définissez l'URL de base de téléchargement).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="255"/>
        <source>Could not download %s: %s (offline? install the networks from a folder or zip, or set the download base URL).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de télécharger %s : %s (hors ligne? installez les réseaux à partir d'un dossier ou d'un fichier zip, ou définissez l'URL de base de téléchargement).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="262"/>
        <source>Checksum mismatch for %s: sha256 is %s but the catalog expects %s, so it was not installed.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Somme de contrôle incorrecte pour %s : le sha256 est %s, mais le catalogue attend %s; le fichier n'a donc pas été installé.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="278"/>
        <location filename="../leaf_qgis/processing/networks.py" line="60"/>
        <source>The network source %s does not exist.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La source de réseaux %s n'existe pas.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="284"/>
        <source>The network source %s is not a folder or a readable zip file.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La source de réseaux %s n'est ni un dossier ni un fichier zip lisible.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="316"/>
        <source>Could not read %s in %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire %s dans %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="320"/>
        <source>Checksum mismatch for %s in %s: it is not the catalog's version (sha256 %s), so it was not installed.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Somme de contrôle incorrecte pour %s dans %s : ce n'est pas la version du catalogue (sha256 %s); le fichier n'a donc pas été installé.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="322"/>
        <source>The network source %s holds no copy of %s (sha256 %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La source de réseaux %s ne contient aucune copie de %s (sha256 %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="345"/>
        <source>The network manifest %s is malformed.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le manifeste de réseaux %s est mal formé.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="357"/>
        <source>The cached network %s cannot be read (%s); reinstall the networks of %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le réseau en cache %s ne peut pas être lu (%s); réinstallez les réseaux de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="360"/>
        <source>The cached network %s is damaged (checksum mismatch); reinstall the networks of %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le réseau en cache %s est endommagé (somme de contrôle incorrecte); réinstallez les réseaux de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="371"/>
        <source>The cached input domain %s is malformed; reinstall the networks of %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le domaine d'entrée en cache %s est mal formé; réinstallez les réseaux de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="448"/>
        <source>The folder %s is in the way of the networks of %s and is not a network cache entry (no manifest.json); move it away or choose another network cache folder.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le dossier %s occupe la place des réseaux de %s et n'est pas une entrée du cache des réseaux (pas de manifest.json); déplacez-le ou choisissez un autre dossier de cache des réseaux.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="452"/>
        <source>Algorithm %s (%s) refers to networks that are not in the catalog: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'algorithme %s (%s) renvoie à des réseaux absents du catalogue : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="477"/>
        <source>The network file %s of %s is missing; train it again or install it from a folder.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de réseau %s de %s est absent; entraînez-le de nouveau ou installez-le à partir d'un dossier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="500"/>
        <source>Cannot write the networks of %s in the network cache %s (%s); choose another cache folder in the LEAF settings or with %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire les réseaux de %s dans le cache des réseaux %s (%s); choisissez un autre dossier de cache dans les paramètres LEAF ou avec %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="517"/>
        <source>The network cache %s cannot be written (%s); choose another cache folder in the LEAF settings or with %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le cache des réseaux %s ne peut pas être écrit (%s); choisissez un autre dossier de cache dans les paramètres LEAF ou avec %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="539"/>
        <source>Could not read the networks of %s (%s): %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire les réseaux de %s (%s) : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="546"/>
        <source>%s has no network for %s (variable ID %d), which %s needs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'a pas de réseau pour %s (identifiant de variable %d), dont %s a besoin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="549"/>
        <source>%s has %d-input networks but %s has %d inputs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s a des réseaux à %d entrées, mais %s a %d entrées.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="579"/>
        <source>Could not read the output thresholds of %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire les seuils de sortie de %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/catalog.py" line="591"/>
        <source>Could not read the input domain %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire le domaine d'entrée %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/clip.py" line="23"/>
        <source>The clipping polygons have no usable coordinate reference system.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les polygones de découpage n'ont pas de système de coordonnées de référence utilisable.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/clip.py" line="36"/>
        <source>The clipping layer has no polygon.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de découpage ne contient aucun polygone.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/clip.py" line="51"/>
        <source>The clipping polygons have no overlap with %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les polygones de découpage ne recoupent pas %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="242"/>
        <location filename="../leaf_qgis/engine/dates.py" line="21"/>
        <location filename="../leaf_qgis/engine/timeseries.py" line="125"/>
        <source>The %s date %r is not a date (YYYY-MM-DD).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La date (%s) %r n'est pas une date (AAAA-MM-JJ).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="282"/>
        <source>The stack %s could not be resampled onto the grid (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La pile %s n'a pas pu être rééchantillonnée sur la grille (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="310"/>
        <source>The input %s has an unknown or missing sensor (%s); the mosaic composites Sentinel-2, Landsat 5-9 and HLS products.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s a un capteur inconnu ou absent (%s); la mosaïque compose des produits Sentinel-2, Landsat 5 à 9 et HLS.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="313"/>
        <source>The input %s has no acquisition date.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de date d'acquisition.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="633"/>
        <source>Unknown compositing method %r (one of %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Méthode de composition %r inconnue (choisir parmi %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="636"/>
        <source>Score weights must be spectral, spatial and temporal, each 0 or more (got %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les pondérations du score doivent être spectrale, spatiale et temporelle, chacune supérieure ou égale à 0 (reçu : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="639"/>
        <source>The period ends (%s) before it starts (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La période se termine (%s) avant de commencer (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="662"/>
        <source>No product falls in the period %s (end excluded)%s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun produit ne tombe dans la période %s (fin exclue)%s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="668"/>
        <source>The products are from different sensors (%s); allow mixing sensors to composite them as harmonised HLS L30 reflectance, or give products of one sensor.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les produits proviennent de capteurs différents (%s); autorisez le mélange des capteurs pour les composer en réflectance harmonisée HLS L30, ou fournissez des produits d'un seul capteur.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="674"/>
        <source>Landsat 5 and 7 (%s) cannot be mixed with other sensors: no harmonisation to OLI is implemented for TM / ETM+.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Landsat 5 et 7 (%s) ne peuvent pas être mélangés à d'autres capteurs : aucune harmonisation vers OLI n'est mise en œuvre pour TM / ETM+.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="684"/>
        <source>No product of the period overlaps the area %.1f, %.1f, %.1f, %.1f.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun produit de la période ne recoupe la zone %.1f, %.1f, %.1f, %.1f.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="690"/>
        <source>The input %s has no band %s, which the composite needs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de bande %s, dont le composite a besoin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="883"/>
        <location filename="../leaf_qgis/engine/request.py" line="432"/>
        <source>Unknown output type %r (stack or estimates).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Type de sortie %r inconnu (stack ou estimates).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/composite.py" line="902"/>
        <source>The estimates, QC and DATE outputs must be three different files.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les sorties des estimations, du QC et de DATE doivent être trois fichiers différents.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/deadlines.py" line="80"/>
        <source>The download of %s did not finish within %s s; check the network connection and the proxy settings, then retry.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le téléchargement de %s ne s'est pas terminé en %s s; vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/deadlines.py" line="83"/>
        <source>The Google sign-in endpoint %s did not answer within %s s; check the network connection and the proxy settings, then retry.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le point de connexion Google %s n'a pas répondu en %s s; vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/deadlines.py" line="85"/>
        <source>Earth Engine at %s did not answer within %s s; check the network connection and the proxy settings, then retry.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine (%s) n'a pas répondu en %s s; vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="122"/>
        <source>%s does not estimate %s (it estimates %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'estime pas %s (il estime %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="126"/>
        <source>Unknown output encoding %r (float32 or leaf-uint8).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Encodage de sortie %r inconnu (float32 ou leaf-uint8).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="129"/>
        <source>The LEAF production uint8 encoding exists for %s only; choose one of them or the float32 encoding.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'encodage uint8 de production LEAF n'existe que pour %s; choisissez l'une de ces variables ou l'encodage float32.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="163"/>
        <source>The automatic choice takes LEAF's published networks, here %s, which are not installed and could not be downloaded; install them with leaf:installnetworks (from a folder or zip when offline), or choose this project's bundled networks (NETWORKS=1, or algorithm 'auto-bundled' in Python).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le choix automatique prend les réseaux publiés de LEAF, ici %s, qui ne sont pas installés et n'ont pas pu être téléchargés; installez-les avec leaf:installnetworks (depuis un dossier ou un zip hors ligne), ou choisissez les réseaux fournis avec ce projet (NETWORKS=1, ou l'algorithme « auto-bundled » en Python).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="182"/>
        <source>%s chooses its networks by land cover, but the input %s has no LANDCOVER band and no land-cover layer was given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s choisit ses réseaux selon la couverture terrestre, mais l'entrée %s n'a pas de bande LANDCOVER et aucune couche de couverture terrestre n'a été fournie.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="185"/>
        <source>The input %s is from sensor %s, but %s is for %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s provient du capteur %s, mais %s est conçu pour %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="191"/>
        <source>The input %s has no %s band and no constant %s was given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de bande %s et aucune constante %s n'a été fournie.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="195"/>
        <source>The input %s has neither an RAA band nor SAA and VAA bands, and no constant azimuths were given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a ni bande RAA ni bandes SAA et VAA, et aucun azimut constant n'a été fourni.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="269"/>
        <source>The input %s has no LEAF_SENSOR metadata and its bands fit several sensors (%s); set LEAF_SENSOR or choose the algorithm.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de métadonnée LEAF_SENSOR et ses bandes conviennent à plusieurs capteurs (%s); définissez LEAF_SENSOR ou choisissez l'algorithme.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="276"/>
        <source>The input %s has no band %s, so the automatic choice is %s instead of %s, which needs it.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de bande %s; le choix automatique est donc %s au lieu de %s, qui en a besoin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="283"/>
        <source>No algorithm fits the input %s (sensor %s, bands %s); name its bands as the algorithm expects or set LEAF_SENSOR.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun algorithme ne convient à l'entrée %s (capteur %s, bandes %s); nommez ses bandes comme l'algorithme l'attend ou définissez LEAF_SENSOR.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="334"/>
        <source>The QC output %s must differ from the estimates output.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie QC %s doit être différente de la sortie des estimations.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="357"/>
        <source>The land-cover layer %s is not used: %s does not choose its networks by land cover.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s n'est pas utilisée : %s ne choisit pas ses réseaux selon la couverture terrestre.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="411"/>
        <source>No pixel of %s has data (every pixel is no data, NaN or outside the area), so the estimates %s hold no value.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun pixel de %s n'a de données (chaque pixel est sans donnée, NaN ou hors de la zone); les estimations %s ne contiennent donc aucune valeur.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="414"/>
        <source>No pixel of %s could be estimated: all %d pixels with data are invalid (MASK = 0, reflectance outside -0.005-1.05, or a land-cover class without network; the QC band says which), so the estimates %s hold no value.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun pixel de %s n'a pu être estimé : les %d pixels avec données sont tous invalides (MASK = 0, réflectance hors de -0.005-1.05, ou classe de couverture terrestre sans réseau; la bande QC indique laquelle); les estimations %s ne contiennent donc aucune valeur.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/estimate.py" line="462"/>
        <source>The land-cover layer %s could not be resampled onto the grid of %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s n'a pas pu être rééchantillonnée sur la grille de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/gdal_errors.py" line="69"/>
        <source>The file %s is corrupt or truncated: GDAL could not decode band %s at pixel %d, %d (%s); get it again.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s est corrompu ou tronqué : GDAL n'a pas pu décoder la bande %s au pixel %d, %d (%s); obtenez-le de nouveau.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/gdal_errors.py" line="71"/>
        <source>The file %s is corrupt or truncated: GDAL could not decode it at pixel %d, %d (%s); get it again.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s est corrompu ou tronqué : GDAL n'a pas pu le décoder au pixel %d, %d (%s); obtenez-le de nouveau.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="39"/>
        <source>The area %s, %s, %s, %s at %s m is not a valid grid.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La zone %s, %s, %s, %s à %s m n'est pas une grille valide.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="42"/>
        <source>The area %s, %s, %s, %s at %s m would be %.3g pixels; choose a coarser resolution or a smaller area.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La zone %s, %s, %s, %s à %s m ferait %.3g pixels; choisissez une résolution plus grossière ou une zone plus petite.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="114"/>
        <source>Unknown resampling %r (one of %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Rééchantillonnage %r inconnu (choisir parmi %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="120"/>
        <source>The file %s is not a raster GDAL can read.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'est pas un raster que GDAL peut lire.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="124"/>
        <source>The raster %s has no overlap with the area %.1f, %.1f, %.1f, %.1f.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le raster %s ne recoupe pas la zone %.1f, %.1f, %.1f, %.1f.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="133"/>
        <source>The raster %s could not be read on the grid%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le raster %s n'a pas pu être lu sur la grille%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/grid.py" line="142"/>
        <source>The raster %s could not be resampled onto the grid%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le raster %s n'a pas pu être rééchantillonné sur la grille%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/hls.py" line="71"/>
        <source>The file %s is not named like an HLS v2.0 granule file (HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'est pas nommé comme un fichier de granule HLS v2.0 (HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/hls.py" line="78"/>
        <source>The HLS granule %s does not exist.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le granule HLS %s n'existe pas.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/hls.py" line="82"/>
        <source>No file in %s is named like an HLS v2.0 granule file (HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun fichier de %s n'est nommé comme un fichier de granule HLS v2.0 (HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/hls.py" line="85"/>
        <source>Several HLS granules are in %s (%s); choose one of their files.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Plusieurs granules HLS se trouvent dans %s (%s); choisissez l'un de leurs fichiers.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/hls.py" line="131"/>
        <source>The HLS granule %s has no %s file (expected %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le granule HLS %s n'a pas de fichier %s (attendu : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="160"/>
        <source>%s is not a Landsat Collection-2 MTL file that can be read (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'est pas un fichier MTL Landsat de collection 2 lisible (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="162"/>
        <source>%s describes a Level-1 product (%s); surface reflectance needs a Level-2 (L2SP or L2SR) product.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s décrit un produit de niveau 1 (%s); la réflectance de surface exige un produit de niveau 2 (L2SP ou L2SR).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="165"/>
        <source>%s describes a %s product of collection %d; only Collection-2 L2SP/L2SR products are supported.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s décrit un produit %s de la collection %d; seuls les produits L2SP/L2SR de la collection 2 sont pris en charge.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="169"/>
        <source>%s names an unknown spacecraft %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s nomme un satellite inconnu %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="190"/>
        <source>%s has an unreadable reflectance scale for band %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s a un facteur d'échelle de réflectance illisible pour la bande %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="212"/>
        <source>%s is not a Landsat angle coefficient file that can be read (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'est pas un fichier de coefficients d'angles Landsat lisible (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="214"/>
        <source>%s has no usable satellite ephemeris.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'a pas d'éphémérides du satellite utilisables.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="299"/>
        <source>The Landsat product %s is neither a folder nor a .tar file.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit Landsat %s n'est ni un dossier ni un fichier .tar.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="307"/>
        <source>The Landsat archive %s is not a readable tar file (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive Landsat %s n'est pas un fichier tar lisible (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="312"/>
        <source>The Landsat archive %s has a member %s outside its folder.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive Landsat %s contient un membre %s situé hors de son dossier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="316"/>
        <source>The Landsat archive %s is truncated (member %s is incomplete).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive Landsat %s est tronquée (le membre %s est incomplet).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="321"/>
        <source>The Landsat archive %s holds several folders; it should hold one product.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive Landsat %s contient plusieurs dossiers; elle devrait contenir un seul produit.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="331"/>
        <source>Could not read %s in %s (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire %s dans %s (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="341"/>
        <source>The band file %s is not a raster GDAL can read%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de bande %s n'est pas un raster que GDAL peut lire%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="366"/>
        <source>The Landsat product %s has no MTL metadata file (*_MTL.txt or *_MTL.xml).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit Landsat %s n'a pas de fichier de métadonnées MTL (*_MTL.txt ou *_MTL.xml).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="373"/>
        <source>QA_PIXEL mask bits must be between 0 and 15, not %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les bits de masque QA_PIXEL doivent être compris entre 0 et 15, et non %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="376"/>
        <source>The Landsat product %s lacks the band file %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Il manque au produit Landsat %s le fichier de bande %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="378"/>
        <source>The MTL file %s lists no QA_PIXEL file.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier MTL %s ne mentionne aucun fichier QA_PIXEL.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/landsat.py" line="430"/>
        <source>The Landsat product %s (%s) has no reflectance band %s (its bands are: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit Landsat %s (%s) n'a pas de bande de réflectance %s (ses bandes : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/merge.py" line="20"/>
        <source>No product to merge.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun produit à fusionner.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/merge.py" line="24"/>
        <source>The products %s and %s are not on one grid.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les produits %s et %s ne sont pas sur une même grille.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/merge.py" line="26"/>
        <source>The products %s (%s, %s) and %s (%s, %s) are not one acquisition; combine dates with the Mosaic tool.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les produits %s (%s, %s) et %s (%s, %s) ne forment pas une même acquisition; combinez les dates avec l'outil Mosaïque.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="218"/>
        <source>The output %s is the input %s; choose another output.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s est l'entrée %s; choisissez une autre sortie.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="219"/>
        <source>The output %s is the file %s of the input %s; choose an output outside the input.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s est le fichier %s de l'entrée %s; choisissez une sortie hors de l'entrée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="223"/>
        <source>The output %s lies inside the input %s; choose an output outside it.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s se trouve dans l'entrée %s; choisissez une sortie hors de celle-ci.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="225"/>
        <source>The output %s lies inside the folder %s of the input %s; choose an output outside it.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s se trouve dans le dossier %s de l'entrée %s; choisissez une sortie hors de celui-ci.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="233"/>
        <source>The run would replace the folder %s, which holds the input %s; choose another input or folder.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'exécution remplacerait le dossier %s, qui contient l'entrée %s; choisissez une autre entrée ou un autre dossier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="286"/>
        <location filename="../leaf_qgis/engine/paths.py" line="304"/>
        <source>Cannot write in the folder %s (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire dans le dossier %s (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="290"/>
        <source>Cannot find a free temporary name in the folder %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de trouver un nom temporaire libre dans le dossier %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="323"/>
        <source>Cannot create the output folder %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de créer le dossier de sortie %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="365"/>
        <source>Cannot write %s (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire %s (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/paths.py" line="456"/>
        <source>Removed %d temporary files left in %s by interrupted runs: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%d fichiers temporaires laissés dans %s par des exécutions interrompues ont été supprimés : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/results.py" line="51"/>
        <source>This result has no %s raster.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Ce résultat n'a pas de raster %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/results.py" line="54"/>
        <source>The output %s cannot be opened.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s ne peut pas être ouverte.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/results.py" line="64"/>
        <source>The output %s has no band %s (its bands: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La sortie %s n'a pas de bande %s (ses bandes : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/safe_pickle.py" line="130"/>
        <source>%s is not plain data: its pickle asks for %s, which could run code, so it was not read (only plain data is allowed).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s ne contient pas que des données simples : son pickle demande %s, qui pourrait exécuter du code; il n'a donc pas été lu (seules les données simples sont acceptées).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/safe_pickle.py" line="142"/>
        <source>%s is not a well-formed pickle of plain data (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s n'est pas un pickle bien formé de données simples (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="52"/>
        <source>The output resolution %s is not a positive number of CRS units.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La résolution de sortie %s n'est pas un nombre positif d'unités du SCR.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="63"/>
        <source>The constant %s = %s is not a finite number of degrees.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La constante %s = %s n'est pas un nombre fini de degrés.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="66"/>
        <source>The constant %s = %g is outside %g-%g degrees.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La constante %s = %g est hors de %g-%g degrés.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="100"/>
        <source>The coordinates of %s are not finite numbers.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les coordonnées de %s ne sont pas des nombres finis.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="108"/>
        <source>The extent %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, %.10g) are not degrees; tag it with the CRS its coordinates are in (e.g. its UTM zone).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'étendue %s est étiquetée %s, dont les coordonnées sont des degrés, mais ses coordonnées (%.10g, %.10g) n'en sont pas; étiquetez-la avec le SCR de ses coordonnées (p. ex. sa zone UTM).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="112"/>
        <source>The area layer %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, %.10g) are not degrees; give it the CRS its coordinates are in (e.g. its UTM zone).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de zone %s est étiquetée %s, dont les coordonnées sont des degrés, mais ses coordonnées (%.10g, %.10g) n'en sont pas; donnez-lui le SCR de ses coordonnées (p. ex. sa zone UTM).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="115"/>
        <source>The input %s is tagged %s, whose coordinates are degrees, but its coordinates (%.10g, %.10g) are not degrees; tag it with the CRS its coordinates are in (e.g. its UTM zone).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s est étiquetée %s, dont les coordonnées sont des degrés, mais ses coordonnées (%.10g, %.10g) n'en sont pas; étiquetez-la avec le SCR de ses coordonnées (p. ex. sa zone UTM).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="124"/>
        <source>The input %s has no valid georeferencing (geotransform %s, %d x %d pixels); georeference it first.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de géoréférencement valide (géotransformation %s, %d x %d pixels); géoréférencez-la d'abord.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="132"/>
        <source>The input %s is tagged %s (a projected CRS), but its coordinates (%.10g, %.10g) and pixel size %.3g look like degrees; tag it with its geographic CRS (e.g. EPSG:4326).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s est étiquetée %s (un SCR projeté), mais ses coordonnées (%.10g, %.10g) et sa taille de pixel %.3g ressemblent à des degrés; étiquetez-la avec son SCR géographique (p. ex. EPSG:4326).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="191"/>
        <source>The %s band of %s holds %g, outside %g-%g degrees; angle bands must be in degrees.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La bande %s de %s contient %g, hors de %g-%g degrés; les bandes d'angles doivent être en degrés.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="208"/>
        <source>Band %s of %s holds values around %g, which are digital numbers rather than reflectance (0-1); set its scale and offset (e.g. gdal_edit -scale 0.0001 -offset 0) or give SCALE= in the band map.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La bande %s de %s contient des valeurs d'environ %g, qui sont des comptes numériques et non une réflectance (0-1); définissez son échelle et son décalage (p. ex. gdal_edit -scale 0.0001 -offset 0) ou indiquez SCALE= dans la correspondance des bandes.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="230"/>
        <source>The land-cover layer %s has no coordinate reference system; assign one first.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s n'a pas de système de coordonnées de référence; attribuez-lui-en un d'abord.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="239"/>
        <source>The land-cover layer %s cannot be placed on the grid of %s (its CRS %s does not reach the area).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s ne peut pas être placée sur la grille de %s (son SCR %s n'atteint pas la zone).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="246"/>
        <source>The land-cover layer %s does not overlap the input %s; give a land-cover raster that covers the area.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s ne recouvre pas l'entrée %s; donnez un raster de couverture terrestre qui couvre la zone.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sanity.py" line="249"/>
        <source>The land-cover layer %s covers only %.0f %% of the input %s; pixels outside it get no estimate.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de couverture terrestre %s ne couvre que %.0f %% de l'entrée %s; les pixels hors de celle-ci n'ont pas d'estimation.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="56"/>
        <source>The file %s cannot be read.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s ne peut pas être lu.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="101"/>
        <source>The product %s is Level-1C (top-of-atmosphere); LEAF needs a Level-2A (surface reflectance) product.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit %s est de niveau 1C (sommet de l'atmosphère); LEAF exige un produit de niveau 2A (réflectance de surface).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="113"/>
        <source>The metadata %s names no known Sentinel-2 spacecraft (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s ne nomment aucun satellite Sentinel-2 connu (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="117"/>
        <source>The metadata %s has no sensing date.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s n'ont pas de date d'acquisition.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="120"/>
        <source>The metadata %s has an unknown or unsupported processing baseline %r (expected 02.00 to 09.99).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s ont une version de traitement (baseline) inconnue ou non prise en charge %r (02.00 à 09.99 attendu).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="128"/>
        <source>The metadata %s has no valid BOA_QUANTIFICATION_VALUE (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s n'ont pas de BOA_QUANTIFICATION_VALUE valide (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="134"/>
        <source>The metadata %s has an unreadable BOA_ADD_OFFSET value.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s ont une valeur BOA_ADD_OFFSET illisible.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="136"/>
        <source>The metadata %s is of baseline %s but has no BOA_ADD_OFFSET values.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées %s sont de la version de traitement %s, mais n'ont pas de valeurs BOA_ADD_OFFSET.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="236"/>
        <source>The tile metadata %s has no usable HORIZONTAL_CS_CODE (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées de tuile %s n'ont pas de HORIZONTAL_CS_CODE utilisable (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="241"/>
        <source>The tile metadata %s has no tile geoposition and size.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées de tuile %s n'indiquent ni la géoposition ni la taille de la tuile.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="247"/>
        <source>The tile metadata %s has an unreadable tile geoposition or size.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées de tuile %s ont une géoposition ou une taille de tuile illisible.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="259"/>
        <source>The tile metadata %s has no %s angle grids.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées de tuile %s n'ont pas de grilles d'angles %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="274"/>
        <source>The tile metadata %s has incomplete or unreadable angle grids.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les métadonnées de tuile %s ont des grilles d'angles incomplètes ou illisibles.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="321"/>
        <source>The Sentinel-2 product %s does not exist.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit Sentinel-2 %s n'existe pas.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="328"/>
        <source>The file %s is not a readable zip archive (truncated or corrupt).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'est pas une archive zip lisible (tronquée ou corrompue).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="331"/>
        <source>The input %s is neither a .SAFE folder nor a .zip of one.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'est ni un dossier .SAFE ni le .zip d'un tel dossier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="337"/>
        <source>The product %s has no MTD_MSIL2A.xml; is it a Sentinel-2 L2A .SAFE?</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit %s n'a pas de MTD_MSIL2A.xml; s'agit-il bien d'un .SAFE Sentinel-2 L2A?</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="360"/>
        <source>The product %s has no GRANULE/*/MTD_TL.xml.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit %s n'a pas de GRANULE/*/MTD_TL.xml.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="397"/>
        <source>The product %s has no scene classification file %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit %s n'a pas de fichier de classification de scène %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="409"/>
        <source>The band file %s is corrupt: GDAL cannot read it.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de bande %s est corrompu : GDAL ne peut pas le lire.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="422"/>
        <source>Band %s of %s is missing: the file %s is not in the product.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La bande %s de %s est absente : le fichier %s ne se trouve pas dans le produit.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sentinel2.py" line="425"/>
        <source>The product %s has no band %s (its bands are: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le produit %s n'a pas de bande %s (ses bandes : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="38"/>
        <source>The archive %s is damaged or truncated (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive %s est endommagée ou tronquée (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="40"/>
        <source>The archive %s is damaged or truncated (it is not a readable zip or tar).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'archive %s est endommagée ou tronquée (ce n'est ni un zip ni un tar lisible).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="56"/>
        <source>The STAC item %s could not be read (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'élément STAC %s n'a pas pu être lu (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="59"/>
        <source>The file %s is not a STAC item (a GeoJSON Feature with assets).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s n'est pas un élément STAC (une entité GeoJSON Feature avec des ressources).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="70"/>
        <location filename="../leaf_qgis/engine/stack.py" line="40"/>
        <source>The input %s does not exist.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'existe pas.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="87"/>
        <source>The input %s is neither a raster nor a Sentinel-2 L2A, Landsat Collection 2 Level-2 or HLS product.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'est ni un raster ni un produit Sentinel-2 L2A, Landsat collection 2 niveau 2 ou HLS.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="176"/>
        <location filename="../leaf_qgis/engine/sources.py" line="181"/>
        <source>An area, CRS or resolution applies to products; the stack %s is read on its own grid (clip or warp it with GDAL first).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une zone, un SCR ou une résolution s'appliquent aux produits; la pile %s est lue sur sa propre grille (découpez-la ou reprojetez-la d'abord avec GDAL).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="244"/>
        <source>The folder %s does not exist.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le dossier %s n'existe pas.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="273"/>
        <source>The folder %s holds no product (Sentinel-2 L2A SAFE, Landsat Collection 2 Level-2, HLS granule, STAC item or analysis-ready stack with LEAF_DATE).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le dossier %s ne contient aucun produit (SAFE Sentinel-2 L2A, Landsat collection 2 niveau 2, granule HLS, élément STAC ou pile prête à l'analyse avec LEAF_DATE).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/sources.py" line="294"/>
        <source>No product was given%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun produit n'a été fourni%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="157"/>
        <source>The scene %s has no band to define its grid.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La scène %s n'a aucune bande permettant de définir sa grille.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="200"/>
        <source>The scene %s has no band %s (its bands are: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La scène %s n'a pas de bande %s (ses bandes : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="239"/>
        <source>Searching a STAC API needs the Python package pystac-client, which is not installed (install it with pip install pystac-client).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La recherche dans une API STAC exige le paquet Python pystac-client, qui n'est pas installé (installez-le avec pip install pystac-client).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="250"/>
        <source>The STAC search at %s failed (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La recherche STAC à %s a échoué (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="337"/>
        <source>The STAC item %s (collection %s) is neither Sentinel-2 L2A nor Landsat C2 L2.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'élément STAC %s (collection %s) n'est ni Sentinel-2 L2A ni Landsat C2 L2.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="375"/>
        <source>The STAC item %s has no asset for band %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'élément STAC %s n'a pas de ressource pour la bande %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stac.py" line="379"/>
        <source>The STAC item %s has no reflectance asset this plugin knows (assets: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'élément STAC %s n'a aucune ressource de réflectance connue de cette extension (ressources : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="38"/>
        <source>No input raster was given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun raster d'entrée n'a été fourni.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="43"/>
        <source>The input %s is not a raster GDAL can read%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'est pas un raster que GDAL peut lire%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="58"/>
        <source>The band map entry %r for %s is not NAME=VALUE.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %r de la table de correspondance des bandes pour %s n'est pas de la forme NOM=VALEUR.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="72"/>
        <source>The band map entry %s=%s for %s is not valid (the raster has %d bands).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s=%s de la table de correspondance des bandes pour %s n'est pas valide (le raster a %d bandes).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="94"/>
        <source>The input %s has no bands.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a aucune bande.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="104"/>
        <source>The input %s has two bands named %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s a deux bandes nommées %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="117"/>
        <source>The input %s has the acquisition date LEAF_DATE=%r, which is not a date (YYYY-MM-DD); correct it with gdal_edit -mo LEAF_DATE=YYYY-MM-DD.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s a la date d'acquisition LEAF_DATE=%r, qui n'est pas une date (AAAA-MM-JJ); corrigez-la avec gdal_edit -mo LEAF_DATE=AAAA-MM-JJ.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="129"/>
        <source>The input %s has no band named %s (its bands are: %s); name bands by their descriptions, e.g. with gdal_edit or a VRT.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de bande nommée %s (ses bandes : %s); nommez les bandes par leur description, p. ex. avec gdal_edit ou un VRT.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/stack.py" line="135"/>
        <source>Band %s of %s holds integers without scale/offset metadata, so it is not reflectance; set its scale (e.g. 0.0001) and offset.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La bande %s de %s contient des entiers sans métadonnées d'échelle ou de décalage (scale/offset); ce n'est donc pas de la réflectance. Définissez son échelle (p. ex. 0.0001) et son décalage.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/subset.py" line="56"/>
        <source>A VRT stack is made from one product without polygon clipping; write %s as a GeoTIFF.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une pile VRT se fait à partir d'un seul produit, sans découpage par polygone; écrivez %s en GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/subset.py" line="64"/>
        <location filename="../leaf_qgis/engine/subset.py" line="131"/>
        <source>The input %s has no reflectance band to subset.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a aucune bande de réflectance à extraire.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/subset.py" line="111"/>
        <source>A VRT stack needs a product as input; %s is already a raster.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une pile VRT exige un produit en entrée; %s est déjà un raster.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/subset.py" line="155"/>
        <source>Could not write %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/tiles.py" line="26"/>
        <source>%r is not a CCRS tile name (tileRC, tileRC_4ij or tileRC_9ij, e.g. tile55 or tile55_412).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%r n'est pas un nom de tuile du CCT (tileRC, tileRC_4ij ou tileRC_9ij, p. ex. tile55 ou tile55_412).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="149"/>
        <source>The input %s has no acquisition date (LEAF_DATE metadata for a stack).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entrée %s n'a pas de date d'acquisition (métadonnée LEAF_DATE pour une pile).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="198"/>
        <source>The end date %s is before the start date %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La date de fin %s précède la date de début %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="212"/>
        <source>None of the %d products was acquired between %s and %s (their dates: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun des %d produits n'a été acquis entre %s et %s (leurs dates : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="220"/>
        <source>%s is for %s, but the products are from %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s est conçu pour %s, mais les produits proviennent de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="227"/>
        <source>The stack %s is read on its own grid, so an area, CRS or resolution cannot be applied; make the stacks with leaf:subset on one grid, or give products instead.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La pile %s est lue sur sa propre grille; une zone, un SCR ou une résolution ne peuvent donc pas s'appliquer. Créez les piles avec leaf:subset sur une même grille, ou fournissez plutôt des produits.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="233"/>
        <source>The stacks %s and %s are not on one grid; make them with leaf:subset on one area, CRS and resolution.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les piles %s et %s ne sont pas sur une même grille; créez-les avec leaf:subset avec une même zone, un même SCR et une même résolution.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="251"/>
        <source>None of the %d products acquired between %s and %s overlaps the area.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun des %d produits acquis entre %s et %s ne recoupe la zone.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="261"/>
        <source>The stack %s and the product %s are of one acquisition (%s); give one or the other.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La pile %s et le produit %s sont d'une même acquisition (%s) ; donnez l'un ou l'autre.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="278"/>
        <source>A STAC search needs a start and an end date.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une recherche STAC exige une date de début et une date de fin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="283"/>
        <source>The STAC search at %s found no %s product over the area from %s to %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La recherche STAC à %s n'a trouvé aucun produit %s sur la zone du %s au %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="307"/>
        <source>The period %r is neither 'month' nor a number of days.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La période %r n'est ni 'month' ni un nombre de jours.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="309"/>
        <source>The period must be a whole number of days, at least 1 (got %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La période doit être un nombre entier de jours, au moins 1 (reçu : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="351"/>
        <source>The estimates %s have no named band.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les estimations %s n'ont aucune bande nommée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="359"/>
        <source>Could not read %s%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible de lire %s%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="479"/>
        <source>The features %s are not a vector file OGR can read%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les entités %s ne sont pas un fichier vectoriel lisible par OGR%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="482"/>
        <source>The vector file %s has no layer %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier vectoriel %s n'a pas de couche %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="486"/>
        <source>The features %s have no field %s (their fields are: %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les entités %s n'ont pas de champ %s (leurs champs : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="511"/>
        <source>The geometry of feature %s is not valid WKT or WKB.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La géométrie de l'entité %s n'est pas un WKT ou un WKB valide.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="529"/>
        <source>The features have no usable coordinate reference system.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les entités n'ont pas de système de coordonnées de référence utilisable.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="579"/>
        <source>Feature %s is a %s; give points or polygons.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entité %s est de type %s; fournissez des points ou des polygones.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="582"/>
        <source>None of the %d features lies inside the area (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucune des %d entités ne se trouve dans la zone (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="659"/>
        <source>The table %s must be a GeoPackage (.gpkg) or a CSV file (.csv).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table %s doit être un GeoPackage (.gpkg) ou un fichier CSV (.csv).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="663"/>
        <source>Cannot write the table %s (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire la table %s (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="717"/>
        <source>The chart %s must be a PNG image (.png) or an HTML page (.html).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le graphique %s doit être une image PNG (.png) ou une page HTML (.html).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="723"/>
        <source>A PNG chart needs the Python package matplotlib, which is not installed; choose an .html chart instead.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un graphique PNG exige le paquet Python matplotlib, qui n'est pas installé; choisissez plutôt un graphique .html.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="876"/>
        <source>The output folder %s holds the input %s under a name the time series writes; choose another output folder or file name prefix.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le dossier de sortie %s contient l'entrée %s sous un nom que la série temporelle écrit; choisissez un autre dossier de sortie ou un autre préfixe de nom de fichier.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="913"/>
        <source>Unknown statistic %s (choose among %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Statistique %s inconnue (choisir parmi %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="917"/>
        <source>The file name prefix %r may hold letters, digits, '.', '-' and '_' only.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le préfixe de nom de fichier %r ne peut contenir que des lettres, des chiffres, '.', '-' et '_'.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="919"/>
        <source>A table or a chart needs features (points or polygons) to extract at.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une table ou un graphique exige des entités (points ou polygones) où extraire les valeurs.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/timeseries.py" line="922"/>
        <source>The %s %s must end in %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier (%s) %s doit se terminer par %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/writer.py" line="72"/>
        <location filename="../leaf_qgis/engine/writer.py" line="93"/>
        <source>Cannot write %s: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire %s : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/writer.py" line="147"/>
        <source>Could not write %s as a Cloud-Optimized GeoTIFF: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Impossible d'écrire %s en GeoTIFF optimisé pour l'infonuagique (COG) : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/xmldoc.py" line="68"/>
        <source>The metadata file %s is not valid XML (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de métadonnées %s n'est pas un XML valide (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/xmldoc.py" line="71"/>
        <source>The metadata file %s declares XML entities, which product metadata never does; it was not read.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de métadonnées %s déclare des entités XML, ce que les métadonnées d'un produit ne font jamais; il n'a pas été lu.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/engine/xmldoc.py" line="75"/>
        <source>The metadata file %s is not valid XML (%d root elements).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier de métadonnées %s n'est pas du XML valide (%d éléments racines).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/__init__.py" line="18"/>
        <source>The Earth Engine backend needs the Python package earthengine-api; install it with the plugin's dependency installer (Settings) or `pip install earthengine-api`.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur Earth Engine a besoin du paquet Python earthengine-api; installez-le avec l'installateur de dépendances de l'extension (Paramètres) ou `pip install earthengine-api`.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/__init__.py" line="21"/>
        <source>The Python package earthengine-api cannot be imported (%s: %s); reinstall it with the plugin's dependency installer (Settings).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le paquet Python earthengine-api ne peut pas être importé (%s : %s); réinstallez-le avec l'installateur de dépendances de l'extension (Paramètres).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="48"/>
        <source>The Earth Engine backend reads Earth Engine images; the local inputs (%s) need the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur Earth Engine lit des images Earth Engine; les entrées locales (%s) demandent le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="52"/>
        <source>STAC searches and band maps are read by the local backend; give the Earth Engine backend an Earth Engine image or collection.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les recherches STAC et les tables de bandes sont lues par le moteur local; donnez au moteur Earth Engine une image ou une collection Earth Engine.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="55"/>
        <source>The Earth Engine backend needs an Earth Engine source: an image id, or a collection and a period.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur Earth Engine demande une source Earth Engine : un identifiant d'image, ou une collection et une période.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="97"/>
        <source>The Earth Engine backend downloads the stack as a GeoTIFF; write %s as a .tif.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le moteur Earth Engine télécharge la pile en GeoTIFF; écrivez %s en .tif.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="114"/>
        <source>On Earth Engine the angles come from the images and the networks run there; constant angles, a runtime and extra metadata are for local runs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Sur Earth Engine, les angles viennent des images et les réseaux s'y exécutent; les angles constants, un moteur d'exécution et des métadonnées supplémentaires sont pour les exécutions locales.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="135"/>
        <source>A time series on Earth Engine takes an algorithm, variables and a land cover; constant angles, a runtime, the angle quantization, the uint8 encoding and windows are for local runs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une série temporelle sur Earth Engine prend un algorithme, des variables et une couverture terrestre; les angles constants, un moteur d'exécution, la quantification des angles, l'encodage uint8 et les fenêtres sont pour les exécutions locales.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/backend.py" line="140"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="347"/>
        <source>A time series on Earth Engine reads a collection (S2, L8, L9, L7, L5, HLS_L30), not the image %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une série temporelle sur Earth Engine lit une collection (S2, L8, L9, L7, L5, HLS_L30), pas l'image %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/collections.py" line="59"/>
        <source>The Earth Engine image %s is not from a supported collection (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'image Earth Engine %s ne provient pas d'une collection prise en charge (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/download.py" line="67"/>
        <source>Earth Engine answered a download with an unexpected image (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine a répondu à un téléchargement par une image inattendue (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="74"/>
        <source>An Earth Engine run over the collection %s needs a start and an end date.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un traitement Earth Engine sur la collection %s demande une date de début et une date de fin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="76"/>
        <source>The period %s to %s is empty; the end date must come after the start date.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La période du %s au %s est vide; la date de fin doit suivre la date de début.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="79"/>
        <source>Give an Earth Engine image id or one of the collections %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Donnez un identifiant d'image Earth Engine ou l'une des collections %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="100"/>
        <source>No algorithm is defined for the Earth Engine collection %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun algorithme n'est défini pour la collection Earth Engine %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="119"/>
        <location filename="../leaf_qgis/gee/timeseries.py" line="32"/>
        <source>Earth Engine has no image of %s over the area from %s to %s%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine n'a aucune image de %s sur la zone du %s au %s%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="165"/>
        <source>%s is for %s, but the Earth Engine source %s is %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s est destiné à %s, mais la source Earth Engine %s est %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/estimate.py" line="170"/>
        <source>Give an output file, or an export destination, for the Earth Engine run.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Donnez un fichier de sortie, ou une destination d'exportation, pour le traitement Earth Engine.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/export.py" line="29"/>
        <source>Unknown export destination %r (drive, gcs or asset).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Destination d'exportation inconnue %r (drive, gcs ou asset).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/export.py" line="31"/>
        <source>An export to %s needs a %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une exportation vers %s demande %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/graph.py" line="51"/>
        <source>The network %s uses operations the Earth Engine backend does not translate (it handles dense layers with tanh); run it with the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le réseau %s utilise des opérations que le moteur Earth Engine ne traduit pas (il traite les couches denses avec tanh); exécutez-le avec le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/graph.py" line="85"/>
        <source>Unknown angle quantization %r.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Quantification des angles inconnue %r.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/graph.py" line="101"/>
        <source>%s follows SNAP's rules, which the Earth Engine backend does not translate; run it with the local backend.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s suit les règles de SNAP, que le moteur Earth Engine ne traduit pas; exécutez-le avec le moteur local.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/graph.py" line="112"/>
        <source>The input domain of %s is not a list of domain codes, which the Earth Engine backend needs.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le domaine d'entrée de %s n'est pas une liste de codes de domaine, ce dont le moteur Earth Engine a besoin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/graph.py" line="115"/>
        <source>%s chooses its networks by land cover, but no land-cover image was given.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>%s choisit ses réseaux selon la couverture terrestre, mais aucune image de couverture terrestre n'a été donnée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="59"/>
        <source>Earth Engine could not be reached (%s); check the network connection and the proxy settings, then retry.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine n'a pas pu être joint (%s); vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="62"/>
        <source>Earth Engine did not accept the credentials (%s); run 'earthengine authenticate' again or choose a valid service-account key in the LEAF settings.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine n'a pas accepté les identifiants (%s); exécutez de nouveau « earthengine authenticate » ou choisissez une clé de compte de service valide dans les paramètres LEAF.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="65"/>
        <source>Earth Engine refused the request because a quota or rate limit of project %s was reached (%s); wait a few minutes and retry, or use a smaller area or an export task.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Earth Engine a refusé la requête parce qu'un quota ou une limite de débit du projet %s a été atteint (%s); attendez quelques minutes et réessayez, ou utilisez une zone plus petite ou une tâche d'exportation.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="69"/>
        <source>The Cloud project %s cannot use Earth Engine (%s); register it for Earth Engine and enable the Earth Engine API at console.cloud.google.com, or set another project in the LEAF settings.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le projet Cloud %s ne peut pas utiliser Earth Engine (%s); inscrivez-le à Earth Engine et activez l'API Earth Engine sur console.cloud.google.com, ou choisissez un autre projet dans les paramètres LEAF.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="72"/>
        <source>Earth Engine failed: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Échec d'Earth Engine : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="80"/>
        <source>The Earth Engine credentials %s cannot be used: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les identifiants Earth Engine %s ne peuvent pas être utilisés : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="86"/>
        <source>The service-account key %s cannot be used (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La clé de compte de service %s ne peut pas être utilisée (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="92"/>
        <source>No Earth Engine credentials were found; run 'earthengine authenticate' once, or choose a service-account key file in the LEAF settings.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun identifiant Earth Engine n'a été trouvé; exécutez une fois « earthengine authenticate », ou choisissez un fichier de clé de compte de service dans les paramètres LEAF.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/session.py" line="108"/>
        <source>No Google Cloud project is set for Earth Engine; give EE_PROJECT or set the project in the LEAF settings (it must be registered for Earth Engine).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Aucun projet Google Cloud n'est défini pour Earth Engine; donnez EE_PROJECT ou définissez le projet dans les paramètres LEAF (il doit être inscrit à Earth Engine).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gee/subset.py" line="38"/>
        <source>The Earth Engine collection %s has no reflectance band %s (it has %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La collection Earth Engine %s n'a pas de bande de réflectance %s (elle a %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="34"/>
        <source>LiteRT: runs the networks faster (without it a numpy executor gives the same numbers)</source>
        <translation>LiteRT : exécute les réseaux plus rapidement (sans lui, un exécuteur numpy donne les mêmes valeurs)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="35"/>
        <source>Earth Engine: runs the tools on Google Earth Engine</source>
        <translation>Earth Engine : exécute les outils sur Google Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="36"/>
        <source>STAC API searches in Subset, Mosaic and Time series (STAC item files and URLs work without it)</source>
        <translation>Recherches dans une API STAC dans Sous-ensemble, Mosaïque et Série temporelle (les fichiers et URL d'éléments STAC fonctionnent sans lui)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="56"/>
        <source>LEAF optional dependencies</source>
        <translation>Dépendances facultatives de LEAF</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="72"/>
        <source>The plugin needs only what QGIS ships; these packages add speed and backends. Install puts the version pinned by the plugin into {0}, which the plugin puts on Python's path when QGIS starts.</source>
        <translation>L'extension n'a besoin que de ce que QGIS fournit; ces paquets ajoutent de la vitesse et des moteurs d'exécution. Installer place la version fixée par l'extension dans {0}, que l'extension ajoute au chemin Python au démarrage de QGIS.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="78"/>
        <source>Package</source>
        <translation>Paquet</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="78"/>
        <source>Used for</source>
        <translation>Utilisé pour</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="78"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="78"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="79"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="94"/>
        <source>pip's output appears here.</source>
        <translation>La sortie de pip s'affiche ici.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="97"/>
        <source>Check again</source>
        <translation>Vérifier de nouveau</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="116"/>
        <source>installed</source>
        <translation>installé</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="118"/>
        <source>installed, not the tested version {0}</source>
        <translation>installé, mais pas la version testée {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="120"/>
        <location filename="../leaf_qgis/processing/networks.py" line="98"/>
        <source>not installed</source>
        <translation>non installé</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="120"/>
        <source>fails to import: {0}</source>
        <translation>échec de l'importation : {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="126"/>
        <source>Install</source>
        <translation>Installer</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="126"/>
        <source>Install {0}</source>
        <translation>Installer {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="130"/>
        <source>The plugin pins no version of {0} (requirements.txt), so it does not install it; install it yourself for QGIS's Python if you need it.</source>
        <translation>L'extension ne fixe aucune version de {0} (requirements.txt); elle ne l'installe donc pas. Installez-le vous-même pour le Python de QGIS si vous en avez besoin.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="133"/>
        <source>Already installed at the pinned version.</source>
        <translation>Déjà installé à la version fixée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="137"/>
        <source>Packages are installed with: {0}</source>
        <translation>Les paquets sont installés avec : {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="139"/>
        <source>No Python with pip matching QGIS's Python was found, so nothing can be installed from here. Linux: install pip for the system Python (Debian/Ubuntu: sudo apt install python3-pip). Windows: use the OSGeo4W Shell (python -m pip install --target &lt;folder&gt; &lt;package&gt;) with the folder above.</source>
        <translation>Aucun Python avec pip correspondant au Python de QGIS n'a été trouvé; rien ne peut donc être installé d'ici. Linux : installez pip pour le Python du système (Debian/Ubuntu : sudo apt install python3-pip). Windows : utilisez l'OSGeo4W Shell (python -m pip install --target &lt;dossier&gt; &lt;paquet&gt;) avec le dossier ci-dessus.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="184"/>
        <source>Could not start {0}.</source>
        <translation>Impossible de lancer {0}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="205"/>
        <source>Installed. A package that QGIS had already imported in another version is used after QGIS restarts.</source>
        <translation>Installé. Un paquet que QGIS avait déjà importé dans une autre version sera utilisé après le redémarrage de QGIS.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/dependencies.py" line="208"/>
        <source>pip failed (exit code {0}); nothing else was changed.</source>
        <translation>Échec de pip (code de sortie {0}); rien d'autre n'a été modifié.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="34"/>
        <source>Service account {0} (key file {1}).</source>
        <translation>Compte de service {0} (fichier de clé {1}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="36"/>
        <source>User credentials of 'earthengine authenticate' found in {0}.</source>
        <translation>Identifiants utilisateur de « earthengine authenticate » trouvés dans {0}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="38"/>
        <source>Their default project: {0}.</source>
        <translation>Leur projet par défaut : {0}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="41"/>
        <source>Application default credentials from GOOGLE_APPLICATION_CREDENTIALS ({0}).</source>
        <translation>Identifiants par défaut de l'application tirés de GOOGLE_APPLICATION_CREDENTIALS ({0}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="43"/>
        <source>not a readable JSON key file</source>
        <translation>pas un fichier de clé JSON lisible</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="44"/>
        <source>not a service-account key</source>
        <translation>pas une clé de compte de service</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="45"/>
        <source>no refresh token; run 'earthengine authenticate' again</source>
        <translation>aucun jeton d'actualisation; exécutez de nouveau « earthengine authenticate »</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="47"/>
        <source>GOOGLE_APPLICATION_CREDENTIALS names a missing file</source>
        <translation>GOOGLE_APPLICATION_CREDENTIALS désigne un fichier absent</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="48"/>
        <source>Unusable credentials in {0}: {1}.</source>
        <translation>Identifiants inutilisables dans {0} : {1}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="49"/>
        <source>No credentials: run 'earthengine authenticate' (earthengine-api) or choose a service-account key file.</source>
        <translation>Aucun identifiant : exécutez « earthengine authenticate » (earthengine-api) ou choisissez un fichier de clé de compte de service.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="60"/>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="161"/>
        <source>LEAF Settings</source>
        <translation>Paramètres de LEAF</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="64"/>
        <location filename="../leaf_qgis/processing/networks.py" line="30"/>
        <location filename="../leaf_qgis/processing/networks.py" line="80"/>
        <location filename="../leaf_qgis/processing/train.py" line="43"/>
        <source>Networks</source>
        <translation>Réseaux</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="68"/>
        <location filename="../leaf_qgis/processing/networks.py" line="88"/>
        <source>Network cache folder</source>
        <translation>Dossier de cache des réseaux</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="72"/>
        <source>Cache folder</source>
        <translation>Dossier de cache</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="76"/>
        <source>Network files are downloaded from &lt;base URL&gt;/&lt;owner&gt;/&lt;repository&gt;/&lt;commit&gt;/&lt;path&gt;; point it at a mirror for offline or internal use.</source>
        <translation>Les fichiers de réseaux sont téléchargés depuis &lt;URL de base&gt;/&lt;propriétaire&gt;/&lt;dépôt&gt;/&lt;commit&gt;/&lt;chemin&gt;; pointez-la vers un miroir pour un usage hors ligne ou interne.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="78"/>
        <source>Source base URL</source>
        <translation>URL de base de la source</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="82"/>
        <source>Outputs</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="85"/>
        <location filename="../leaf_qgis/processing/estimate.py" line="135"/>
        <source>Float32 physical values</source>
        <translation>Valeurs physiques Float32</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="86"/>
        <location filename="../leaf_qgis/processing/estimate.py" line="136"/>
        <source>LEAF production uint8 (LAI x 20; fAPAR, fCOVER, albedo x 200)</source>
        <translation>uint8 de production LEAF (LAI x 20; fAPAR, fCOVER, albédo x 200)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="88"/>
        <source>Default output encoding</source>
        <translation>Encodage de sortie par défaut</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="93"/>
        <location filename="../leaf_qgis/processing/choices.py" line="32"/>
        <source>Networks for the automatic choice</source>
        <translation>Réseaux du choix automatique</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="96"/>
        <location filename="../leaf_qgis/processing/earthengine.py" line="15"/>
        <source>Google Earth Engine</source>
        <translation>Google Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="99"/>
        <source>Google Cloud project id, e.g. my-project</source>
        <translation>Identifiant de projet Google Cloud, p. ex. mon-projet</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="100"/>
        <source>Cloud project</source>
        <translation>Projet Cloud</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="103"/>
        <source>Service-account key (*.json)</source>
        <translation>Clé de compte de service (*.json)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="105"/>
        <source>optional; empty: your own credentials</source>
        <translation>facultatif; vide : vos propres identifiants</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="106"/>
        <source>Service-account key</source>
        <translation>Clé de compte de service</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="110"/>
        <source>Credentials</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="111"/>
        <source>earthengine-api is installed.</source>
        <translation>earthengine-api est installé.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="112"/>
        <source>earthengine-api is not installed (LEAF menu: Check optional dependencies).</source>
        <translation>earthengine-api n'est pas installé (menu LEAF : Vérifier les dépendances facultatives).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="133"/>
        <source>{0} is set ({1}) and takes precedence over this setting.</source>
        <translation>{0} est défini ({1}) et a priorité sur ce paramètre.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/gui/settings_dialog.py" line="154"/>
        <source>The source base URL must start with http:// or https:// (for a local folder or zip, use the Install networks tool).</source>
        <translation>L'URL de base de la source doit commencer par http:// ou https:// (pour un dossier local ou un fichier zip, utilisez l'outil Installer les réseaux).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="30"/>
        <source>Area: extent (empty: the whole product)</source>
        <translation>Zone : emprise (vide : tout le produit)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="31"/>
        <source>Area: polygon layer (pixels outside it get no data)</source>
        <translation>Zone : couche de polygones (les pixels à l'extérieur n'ont pas de données)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="33"/>
        <source>Area: CCRS production tile (e.g. tile55 or tile55_412; output CRS EPSG:3979 unless given, pixels aligned on the CRS origin)</source>
        <translation>Zone : tuile de production du CCT (p. ex. tile55 ou tile55_412; SCR de sortie EPSG:3979 sauf indication contraire, pixels alignés sur l'origine du SCR)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="35"/>
        <source>Buffer around the area (CRS units)</source>
        <translation>Tampon autour de la zone (unités du SCR)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="37"/>
        <source>Output CRS (empty: the product's)</source>
        <translation>SCR de sortie (vide : celui du produit)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="38"/>
        <source>Reflectance resampling</source>
        <translation>Rééchantillonnage de la réflectance</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="39"/>
        <source>Automatic (average going coarser)</source>
        <translation>Automatique (moyenne vers une résolution plus grossière)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="39"/>
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="39"/>
        <source>Bilinear</source>
        <translation>Bilinéaire</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="39"/>
        <source>Nearest neighbour</source>
        <translation>Plus proche voisin</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="41"/>
        <source>Output resolution (CRS units; empty: 20 m for Sentinel-2, 30 m for Landsat and HLS)</source>
        <translation>Résolution de sortie (unités du SCR; vide : 20 m pour Sentinel-2, 30 m pour Landsat et HLS)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="72"/>
        <source>{0} ({1}) cannot be expressed in {2}; check its coordinates and CRS.</source>
        <translation>{0} ({1}) ne peut pas être exprimé dans {2}; vérifiez ses coordonnées et son SCR.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="73"/>
        <source>The extent {0}</source>
        <translation>L'étendue {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="73"/>
        <source>The area layer {0}</source>
        <translation>La couche de zone {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="73"/>
        <source>The tile {0}</source>
        <translation>La tuile {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="74"/>
        <source>The input {0}</source>
        <translation>L'entrée {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="89"/>
        <source>The area layer %s could not be loaded.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de zone %s n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="132"/>
        <source>The area layer %s has no polygon.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La couche de zone %s n'a aucun polygone.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="174"/>
        <source>A STAC search needs an area (EXTENT, AREA or TILE).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Une recherche STAC exige une zone (EXTENT, AREA ou TILE).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/area.py" line="191"/>
        <source>An Earth Engine run needs an area: give EXTENT, AREA or TILE.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un traitement Earth Engine demande une zone : donnez EXTENT, AREA ou TILE.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="137"/>
        <source>{0} received: stopping and removing the temporary files.</source>
        <translation>{0} reçu : arrêt et suppression des fichiers temporaires.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="148"/>
        <source>Cancelled; no output was written.</source>
        <translation>Annulé; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="150"/>
        <source>The run failed.</source>
        <translation>L'exécution a échoué.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="158"/>
        <source>Stopped by {0}; the temporary files were removed and no output was written.</source>
        <translation>Arrêté par {0}; les fichiers temporaires ont été supprimés et aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="178"/>
        <source>a file</source>
        <translation>un fichier</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="179"/>
        <source>Cannot read or write {0} ({1}).</source>
        <translation>Impossible de lire ou d'écrire {0} ({1}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="186"/>
        <source>leaf:{0} stopped on an internal error ({1}: {2}); please report it with the details that {3}=1 prints.</source>
        <translation>leaf:{0} s'est arrêté sur une erreur interne ({1} : {2}); veuillez la signaler avec les détails qu'affiche {3}=1.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="220"/>
        <source>The parameter %s (%s) is %s, not a finite number.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le paramètre %s (%s) vaut %s, qui n'est pas un nombre fini.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="231"/>
        <source>The CRS %s given for %s is not a coordinate reference system QGIS knows; give one such as EPSG:32618 (WGS 84 / UTM zone 18N).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le SCR %s donné pour %s n'est pas un système de coordonnées de référence connu de QGIS; donnez-en un tel que EPSG:32618 (WGS 84 / UTM zone 18N).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/base.py" line="246"/>
        <source>The file %s given for %s is not a vector layer GDAL can read (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le fichier %s donné pour %s n'est pas une couche vectorielle lisible par GDAL (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/choices.py" line="14"/>
        <source>LEAF's published networks (downloaded on first use, or installed with leaf:installnetworks)</source>
        <translation>Réseaux publiés de LEAF (téléchargés à la première utilisation, ou installés avec leaf:installnetworks)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/choices.py" line="16"/>
        <source>This project's bundled networks (ship with the plugin, offline)</source>
        <translation>Réseaux fournis avec ce projet (livrés avec l'extension, hors ligne)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="15"/>
        <source>Local (this computer)</source>
        <translation>Local (cet ordinateur)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="19"/>
        <source>Backend</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="29"/>
        <source>Earth Engine source: image id, or collection S2, L8, L9, L7, L5, HLS_L30</source>
        <translation>Source Earth Engine : identifiant d'image, ou collection S2, L8, L9, L7, L5, HLS_L30</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="30"/>
        <source>Earth Engine collection: S2, L8, L9, L7, L5, HLS_L30 (or its Earth Engine id)</source>
        <translation>Collection Earth Engine : S2, L8, L9, L7, L5, HLS_L30 (ou son identifiant Earth Engine)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="37"/>
        <source>Earth Engine collection: maximum scene cloud cover (%)</source>
        <translation>Collection Earth Engine : couverture nuageuse maximale de la scène (%)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="42"/>
        <source>Earth Engine land-cover asset in the CCRS legend (empty: NALCMS 2020 over Copernicus 2019)</source>
        <translation>Asset Earth Engine de couverture terrestre dans la légende du CCRS (vide : NALCMS 2020 sur Copernicus 2019)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/earthengine.py" line="45"/>
        <location filename="../leaf_qgis/processing/eetasks.py" line="56"/>
        <source>Google Cloud project for Earth Engine (empty: the LEAF settings)</source>
        <translation>Projet Google Cloud pour Earth Engine (vide : les paramètres LEAF)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="25"/>
        <source>List the project's tasks</source>
        <translation>Lister les tâches du projet</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="25"/>
        <source>Status of one task</source>
        <translation>État d'une tâche</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="26"/>
        <source>Cancel one task</source>
        <translation>Annuler une tâche</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="35"/>
        <source>Earth Engine tasks</source>
        <translation>Tâches Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="38"/>
        <source>Earth Engine</source>
        <translation>Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="41"/>
        <source>&lt;p&gt;Follows the export tasks that leaf:estimate started on Google Earth Engine: lists the tasks of the Cloud project (id, description, state, times, destinations, error), shows one task's status, or cancels a pending or running task. The table is written to the optional CSV output and printed in the log.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Load finished Cloud Storage outputs&lt;/b&gt;: for tasks that succeeded with gs:// destinations, adds the files to the project through GDAL's /vsigs/ reader, which needs Google Cloud credentials that GDAL understands (GOOGLE_APPLICATION_CREDENTIALS or 'gcloud auth application-default login'). Drive exports appear in your Google Drive; asset exports in the project's assets.&lt;/p&gt;&lt;p&gt;Credentials and project as for leaf:estimate (LEAF settings or EE_PROJECT).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Suit les tâches d'exportation que leaf:estimate a lancées sur Google Earth Engine : liste les tâches du projet Cloud (identifiant, description, état, heures, destinations, erreur), affiche l'état d'une tâche, ou annule une tâche en attente ou en cours. Le tableau est écrit dans la sortie CSV facultative et affiché dans le journal.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Charger les sorties Cloud Storage terminées&lt;/b&gt; : pour les tâches réussies avec des destinations gs://, ajoute les fichiers au projet par le lecteur /vsigs/ de GDAL, qui demande des identifiants Google Cloud que GDAL comprend (GOOGLE_APPLICATION_CREDENTIALS ou « gcloud auth application-default login »). Les exportations Drive apparaissent dans votre Google Drive; les exportations d'assets dans les assets du projet.&lt;/p&gt;&lt;p&gt;Identifiants et projet comme pour leaf:estimate (paramètres LEAF ou EE_PROJECT).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="52"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="54"/>
        <source>Task id (status and cancel)</source>
        <translation>Identifiant de la tâche (état et annulation)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="59"/>
        <source>Load finished Cloud Storage outputs</source>
        <translation>Charger les sorties Cloud Storage terminées</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="61"/>
        <source>Task table</source>
        <translation>Tableau des tâches</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="62"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="64"/>
        <source>Tasks (JSON)</source>
        <translation>Tâches (JSON)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="65"/>
        <source>Loaded Cloud Storage outputs</source>
        <translation>Sorties Cloud Storage chargées</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="72"/>
        <source>Give the id of the task (TASK_ID) to show or cancel.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Donnez l'identifiant de la tâche (TASK_ID) à afficher ou à annuler.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="81"/>
        <source>Cancel requested for task {0}; its state is now {1}.</source>
        <translation>Annulation demandée pour la tâche {0}; son état est maintenant {1}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="87"/>
        <source>The project {0} has no Earth Engine tasks.</source>
        <translation>Le projet {0} n'a aucune tâche Earth Engine.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/eetasks.py" line="113"/>
        <source>GDAL could not open {0}; check the Google Cloud credentials GDAL uses (GOOGLE_APPLICATION_CREDENTIALS).</source>
        <translation>GDAL n'a pas pu ouvrir {0}; vérifiez les identifiants Google Cloud qu'utilise GDAL (GOOGLE_APPLICATION_CREDENTIALS).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="42"/>
        <source>Download to the output file (small areas)</source>
        <translation>Télécharger dans le fichier de sortie (petites zones)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="43"/>
        <source>Export task to Google Drive (folder)</source>
        <translation>Tâche d'exportation vers Google Drive (dossier)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="44"/>
        <source>Export task to Cloud Storage (bucket[/prefix])</source>
        <translation>Tâche d'exportation vers Cloud Storage (bucket[/préfixe])</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="45"/>
        <source>Export task to an Earth Engine asset folder (projects/&lt;project&gt;/assets/&lt;folder&gt;)</source>
        <translation>Tâche d'exportation vers un dossier d'assets Earth Engine (projects/&lt;project&gt;/assets/&lt;folder&gt;)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="46"/>
        <source>Sun zenith angle</source>
        <translation>Angle zénithal solaire</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="46"/>
        <source>View zenith angle</source>
        <translation>Angle zénithal de visée</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="47"/>
        <source>Sun azimuth angle</source>
        <translation>Angle azimutal solaire</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="47"/>
        <source>View azimuth angle</source>
        <translation>Angle azimutal de visée</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="48"/>
        <source>Relative azimuth angle (instead of SAA and VAA)</source>
        <translation>Azimut relatif (au lieu de SAA et VAA)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="56"/>
        <source>Estimate biophysical variables (SL2P)</source>
        <translation>Estimer les variables biophysiques (SL2P)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="59"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="136"/>
        <source>Estimation</source>
        <translation>Estimation</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="62"/>
        <source>LAI,fAPAR,fCOVER,CCC,CWC,albedo,SL2P,LEAF,Sentinel-2,vegetation,biophysical</source>
        <translation>LAI,fAPAR,fCOVER,CCC,CWC,albédo,SL2P,LEAF,Sentinel-2,végétation,biophysique,indice de surface foliaire,couvert végétal</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="65"/>
        <source>&lt;li&gt;&lt;b&gt;%s&lt;/b&gt;: %s (sensors %s, %g m)&lt;/li&gt;</source>
        <translation>&lt;li&gt;&lt;b&gt;%s&lt;/b&gt; : %s (capteurs %s, %g m)&lt;/li&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="67"/>
        <source>&lt;p&gt;Maps vegetation biophysical variables from surface reflectance with the SL2P neural networks of Canada's LEAF Toolbox, processing the input window by window.&lt;/p&gt;&lt;h3&gt;Input&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Analysis-ready stack&lt;/b&gt;: one raster whose band descriptions name its bands: reflectance by sensor band name (B3, B4, B5, B6, B7, B8A, B11, B12 for Sentinel-2; B03 is accepted) as physical reflectance or as integers with GDAL scale/offset metadata; angle bands SZA, VZA and SAA, VAA (or RAA) in degrees; optional MASK (1 = valid pixel, anything else is masked). Dataset metadata LEAF_SENSOR (e.g. S2A) and LEAF_DATE are read when present. Angles missing from the stack can be given as constants (advanced parameters, degrees).&lt;/p&gt;&lt;h3&gt;Algorithms&lt;/h3&gt;&lt;ul&gt;%s&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Automatic&lt;/b&gt; choice: the algorithm that fits the stack's sensor, bands and land cover, from the networks that &lt;b&gt;Networks for the automatic choice&lt;/b&gt; names: LEAF's published networks (the default) or this project's bundled networks; never from what happens to be installed, so the same command gives the same numbers everywhere. The outputs' LEAF_ALGORITHM and LEAF_ALGORITHM_CHOICE metadata say what was chosen and how.&lt;/p&gt;&lt;p&gt;The published networks are downloaded on first use from their upstream repositories at pinned commits, checked against the catalog's sha256 and cached in your QGIS profile (see the Networks tools); offline, install them with leaf:installnetworks from a folder or zip, or choose the bundled networks.&lt;/p&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Estimates&lt;/b&gt;: Cloud-Optimized GeoTIFF, float32, two bands per variable: the estimate and its uncertainty (expected absolute error, same unit), NaN where there is no estimate. Units: LAI m²/m²; fAPAR, fCOVER, albedo and DASF unitless; CCC µg/cm² (LAI × Cab); CWC g/cm² (LAI × Cw). Raw network outputs are written unclamped. With the LEAF production uint8 encoding (LAI, fAPAR, fCOVER and albedo only) values are trunc(max(value, 0) x factor), 255 is no data, and the GDAL scale makes QGIS show physical values.&lt;/p&gt;&lt;p&gt;&lt;b&gt;QC&lt;/b&gt;: written beside the estimates as &lt;i&gt;name&lt;/i&gt;_QC.tif, uint8 bits: 1 input outside the networks' training domain; 2 an estimate outside its valid range (LAI 0–15, fractions and albedo 0–1, CCC 0–700, CWC 0–0.55; SNAP algorithms: SNAP's limits widened by its tolerance, LAI −0.2–8.2, fAPAR −0.1–1.04, fCOVER −0.1–1.1, CCC −15–615, CWC −0.015–0.565; each band's VALID_MIN/VALID_MAX); 4 invalid pixel (MASK = 0 or reflectance outside −0.005–1.05), no estimate; 8 (SNAP algorithms) an estimate within the tolerance outside SNAP's limits, set to the limit as SNAP does (LAI 0–8, fAPAR 0–0.94, fCOVER 0–1, CCC 0–600, CWC 0–0.55; SNAP's THRESHOLDED flags); 255 no data.&lt;/p&gt;&lt;h3&gt;Earth Engine backend&lt;/h3&gt;&lt;p&gt;With &lt;b&gt;Backend&lt;/b&gt; = Google Earth Engine the same algorithm definition and networks run on Earth Engine. &lt;b&gt;Earth Engine source&lt;/b&gt; is an image id (e.g. COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH) or a collection: S2 (COPERNICUS/S2_SR_HARMONIZED), L8, L9, L7, L5 (Landsat Collection-2 Level-2) or HLS_L30; a collection needs start and end dates and gives, per pixel, the most recent clear observation of the period (its date in &lt;i&gt;name&lt;/i&gt;_DATE.tif, days since 1970-01-01). The area (EXTENT, AREA's bounding box or TILE) is required; the CRS defaults to the UTM zone of its centre (EPSG:3979 for a TILE) and the resolution to 20 m (Sentinel-2) or 30 m. Masks follow the local readers (Sentinel-2 SCL 4 and 5 kept; Landsat QA_PIXEL fill, cirrus, cloud, shadow, snow and water removed; HLS Fmask bits 0-5); Sentinel-2 angles are the scene means of the image properties, as LEAF on Earth Engine; land cover is NALCMS 2020 over Copernicus 2019 remapped to the CCRS legend, or your own asset. Small areas are downloaded tile by tile into the output COGs; large areas become export tasks (Drive, Cloud Storage, asset), followed with the Earth Engine tasks tool. Credentials: 'earthengine authenticate', or a service-account key in the LEAF settings; the Cloud project must be registered for Earth Engine.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. LEAF Toolbox, Natural Resources Canada (Canada Centre for Remote Sensing).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cartographie les variables biophysiques de la végétation à partir de la réflectance de surface avec les réseaux de neurones SL2P de la boîte à outils LEAF (LEAF Toolbox) du Canada, en traitant l'entrée fenêtre par fenêtre.&lt;/p&gt;&lt;h3&gt;Entrée&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Pile prête à l'analyse&lt;/b&gt; : un raster dont les descriptions de bandes nomment les bandes : réflectance par nom de bande du capteur (B3, B4, B5, B6, B7, B8A, B11, B12 pour Sentinel-2; B03 est accepté), en réflectance physique ou en entiers avec des métadonnées GDAL d'échelle et de décalage (scale/offset); bandes d'angles SZA, VZA et SAA, VAA (ou RAA) en degrés; MASK facultatif (1 = pixel valide, toute autre valeur est masquée). Les métadonnées du jeu de données LEAF_SENSOR (p. ex. S2A) et LEAF_DATE sont lues si elles sont présentes. Les angles absents de la pile peuvent être fournis comme constantes (paramètres avancés, en degrés).&lt;/p&gt;&lt;h3&gt;Algorithmes&lt;/h3&gt;&lt;ul&gt;%s&lt;/ul&gt;&lt;p&gt;Choix &lt;b&gt;automatique&lt;/b&gt; : l'algorithme qui convient au capteur, aux bandes et à la couverture terrestre de la pile, parmi les réseaux que désigne &lt;b&gt;Réseaux du choix automatique&lt;/b&gt; : les réseaux publiés de LEAF (par défaut) ou les réseaux fournis avec ce projet; jamais selon ce qui se trouve être installé, de sorte que la même commande donne partout les mêmes valeurs. Les métadonnées LEAF_ALGORITHM et LEAF_ALGORITHM_CHOICE des sorties indiquent ce qui a été choisi et comment.&lt;/p&gt;&lt;p&gt;Les réseaux publiés sont téléchargés à la première utilisation depuis leurs dépôts d'origine, à des commits fixés, vérifiés par rapport au sha256 du catalogue et mis en cache dans votre profil QGIS (voir les outils Réseaux); hors ligne, installez-les avec leaf:installnetworks depuis un dossier ou un zip, ou choisissez les réseaux fournis.&lt;/p&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Estimations&lt;/b&gt; : GeoTIFF optimisé pour l'infonuagique (COG), float32, deux bandes par variable : l'estimation et son incertitude (erreur absolue attendue, même unité), NaN là où il n'y a pas d'estimation. Unités : LAI m²/m²; fAPAR, fCOVER, albédo et DASF sans unité; CCC µg/cm² (LAI × Cab); CWC g/cm² (LAI × Cw). Les sorties brutes des réseaux sont écrites sans écrêtage. Avec l'encodage uint8 de production LEAF (LAI, fAPAR, fCOVER et albédo seulement), les valeurs sont trunc(max(valeur, 0) x facteur), 255 signifie aucune donnée, et l'échelle GDAL fait afficher les valeurs physiques par QGIS.&lt;/p&gt;&lt;p&gt;&lt;b&gt;QC&lt;/b&gt; (contrôle de qualité) : écrit à côté des estimations sous le nom &lt;i&gt;nom&lt;/i&gt;_QC.tif, bits uint8 : 1 entrée hors du domaine d'entraînement des réseaux; 2 estimation hors de son intervalle valide (LAI 0–15, fractions et albédo 0–1, CCC 0–700, CWC 0–0,55; algorithmes SNAP : les limites de SNAP élargies de sa tolérance, LAI −0,2–8,2, fAPAR −0,1–1,04, fCOVER −0,1–1,1, CCC −15–615, CWC −0,015–0,565; VALID_MIN/VALID_MAX de chaque bande); 4 pixel invalide (MASK = 0 ou réflectance hors de −0,005–1,05), aucune estimation; 8 (algorithmes SNAP) estimation à moins de la tolérance hors des limites de SNAP, ramenée à la limite comme le fait SNAP (LAI 0–8, fAPAR 0–0,94, fCOVER 0–1, CCC 0–600, CWC 0–0,55; indicateurs THRESHOLDED de SNAP); 255 aucune donnée.&lt;/p&gt;&lt;h3&gt;Moteur Earth Engine&lt;/h3&gt;&lt;p&gt;Avec &lt;b&gt;Moteur&lt;/b&gt; = Google Earth Engine, la même définition d'algorithme et les mêmes réseaux s'exécutent sur Earth Engine. La &lt;b&gt;source Earth Engine&lt;/b&gt; est un identifiant d'image (p. ex. COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH) ou une collection : S2 (COPERNICUS/S2_SR_HARMONIZED), L8, L9, L7, L5 (Landsat Collection 2 niveau 2) ou HLS_L30; une collection demande des dates de début et de fin et donne, par pixel, l'observation dégagée la plus récente de la période (sa date dans &lt;i&gt;nom&lt;/i&gt;_DATE.tif, en jours depuis le 1970-01-01). La zone (EXTENT, rectangle englobant de AREA ou TILE) est obligatoire; le SCR par défaut est la zone UTM de son centre (EPSG:3979 pour une TILE) et la résolution 20 m (Sentinel-2) ou 30 m. Les masques suivent les lecteurs locaux (Sentinel-2 : SCL 4 et 5 conservées; Landsat : QA_PIXEL remplissage, cirrus, nuage, ombre, neige et eau retirés; HLS : bits 0-5 de Fmask); les angles Sentinel-2 sont les moyennes de scène des propriétés de l'image, comme LEAF sur Earth Engine; la couverture terrestre est NALCMS 2020 sur Copernicus 2019 reclassée dans la légende du CCRS, ou votre propre asset. Les petites zones sont téléchargées tuile par tuile dans les COG de sortie; les grandes deviennent des tâches d'exportation (Drive, Cloud Storage, asset), suivies avec l'outil des tâches Earth Engine. Identifiants : « earthengine authenticate », ou une clé de compte de service dans les paramètres LEAF; le projet Cloud doit être inscrit à Earth Engine.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. LEAF Toolbox, Ressources naturelles Canada (Centre canadien de télédétection).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="118"/>
        <location filename="../leaf_qgis/processing/subset.py" line="90"/>
        <source>Analysis-ready stack</source>
        <translation>Pile prête à l'analyse</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="120"/>
        <source>Or a product (Sentinel-2 L2A SAFE zip/MTD_MSIL2A.xml, Landsat C2 L2 tar/MTL, HLS)</source>
        <translation>Ou un produit (SAFE Sentinel-2 L2A zip/MTD_MSIL2A.xml, Landsat C2 L2 tar/MTL, HLS)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="123"/>
        <location filename="../leaf_qgis/processing/networks.py" line="44"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="203"/>
        <source>Algorithm</source>
        <translation>Algorithme</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="124"/>
        <source>Automatic (from the stack's LEAF_SENSOR, bands and land cover)</source>
        <translation>Automatique (selon LEAF_SENSOR, les bandes et la couverture terrestre de la pile)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="128"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="208"/>
        <source>Variables (none selected: every variable of the algorithm)</source>
        <translation>Variables (aucune sélection : toutes les variables de l'algorithme)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="131"/>
        <source>Land-cover layer for land-cover networks (CCRS/NALCMS classes; else the LANDCOVER band)</source>
        <translation>Couche de couverture terrestre pour les réseaux par couverture terrestre (classes CCT/NALCMS; sinon la bande LANDCOVER)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="134"/>
        <source>Output encoding</source>
        <translation>Encodage de sortie</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="139"/>
        <source>Sun-view angle cosines</source>
        <translation>Cosinus des angles soleil-visée</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="140"/>
        <source>Full precision (LEAF production)</source>
        <translation>Pleine précision (production LEAF)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="141"/>
        <source>LEAF Toolbox quantisation (pi = 3.1415, 4-decimal cosines)</source>
        <translation>Quantification de la LEAF Toolbox (pi = 3.1415, cosinus à 4 décimales)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="145"/>
        <source>{0}, if the stack has no such band (degrees)</source>
        <translation>{0}, si la pile n'a pas cette bande (degrés)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="151"/>
        <source>Band map for a stack without band names, e.g. B3=1,B4=2,...,SZA=9,SCALE=0.0001,SENSOR=S2A</source>
        <translation>Correspondance des bandes pour une pile sans noms de bandes, p. ex. B3=1,B4=2,...,SZA=9,SCALE=0.0001,SENSOR=S2A</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="157"/>
        <source>Estimates</source>
        <translation>Estimations</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="158"/>
        <source>Quality control (QC)</source>
        <translation>Contrôle de qualité (QC)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="159"/>
        <source>Algorithm used</source>
        <translation>Algorithme utilisé</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="160"/>
        <source>Pixels with data</source>
        <translation>Pixels avec données</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="161"/>
        <source>Pixels with inputs out of domain</source>
        <translation>Pixels dont les entrées sont hors domaine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="162"/>
        <source>Earth Engine export task ids</source>
        <translation>Identifiants des tâches d'exportation Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="167"/>
        <location filename="../leaf_qgis/processing/subset.py" line="85"/>
        <source>Earth Engine collection: start date</source>
        <translation>Collection Earth Engine : date de début</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="170"/>
        <location filename="../leaf_qgis/processing/subset.py" line="86"/>
        <source>Earth Engine collection: end date (exclusive)</source>
        <translation>Collection Earth Engine : date de fin (exclue)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="173"/>
        <source>Earth Engine result</source>
        <translation>Résultat Earth Engine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="175"/>
        <source>Export destination (Drive folder, bucket[/prefix] or asset folder)</source>
        <translation>Destination d'exportation (dossier Drive, bucket[/préfixe] ou dossier d'assets)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="183"/>
        <location filename="../leaf_qgis/processing/subset.py" line="120"/>
        <source>The Earth Engine backend needs an Earth Engine source (EE_SOURCE).</source>
        <translation>Le moteur Earth Engine demande une source Earth Engine (EE_SOURCE).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="185"/>
        <source>The Earth Engine backend reads Earth Engine images; leave INPUT and PRODUCT empty.</source>
        <translation>Le moteur Earth Engine lit des images Earth Engine; laissez INPUT et PRODUCT vides.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="189"/>
        <source>Give an analysis-ready stack (INPUT) or a product (PRODUCT).</source>
        <translation>Fournissez une pile prête à l'analyse (INPUT) ou un produit (PRODUCT).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="191"/>
        <source>Give either an analysis-ready stack (INPUT) or a product (PRODUCT), not both.</source>
        <translation>Fournissez soit une pile prête à l'analyse (INPUT), soit un produit (PRODUCT), mais pas les deux.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="212"/>
        <source>The estimates output %s must be a GeoTIFF (.tif).</source>
        <translation>La sortie des estimations %s doit être un GeoTIFF (.tif).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="226"/>
        <source>The input stack could not be loaded as a raster layer.</source>
        <translation>La pile d'entrée n'a pas pu être chargée comme couche raster.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="229"/>
        <source>The input %s is not a GDAL raster; save it as a GeoTIFF or VRT first.</source>
        <translation>L'entrée %s n'est pas un raster GDAL; enregistrez-le d'abord en GeoTIFF ou en VRT.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="253"/>
        <source>{pixels} pixels with data, {estimated} estimated, {out_of_domain} out of domain, {out_of_range} out of range, {invalid} invalid.</source>
        <translation>{pixels} pixels avec données, {estimated} estimés, {out_of_domain} hors domaine, {out_of_range} hors intervalle, {invalid} invalides.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="258"/>
        <location filename="../leaf_qgis/processing/mosaic.py" line="234"/>
        <source>{0} ({1}, band 1 {2})</source>
        <translation>{0} ({1}, bande 1 {2})</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="262"/>
        <location filename="../leaf_qgis/processing/mosaic.py" line="237"/>
        <source>{0} QC</source>
        <translation>{0} QC</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="299"/>
        <source>{0} Earth Engine image(s) used.</source>
        <translation>{0} image(s) Earth Engine utilisée(s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/estimate.py" line="302"/>
        <location filename="../leaf_qgis/processing/mosaic.py" line="238"/>
        <source>{0} date</source>
        <translation>{0} date</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="50"/>
        <source>Mosaic products over a period (best-pixel composite)</source>
        <translation>Mosaïque de produits sur une période (composite du meilleur pixel)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="53"/>
        <location filename="../leaf_qgis/processing/subset.py" line="39"/>
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="56"/>
        <source>mosaic,composite,best pixel,HybridTC,median,NDVI,cloud-free,LEAF,Sentinel-2,Landsat,HLS</source>
        <translation>mosaïque,composite,meilleur pixel,HybridTC,médiane,NDVI,sans nuages,LEAF,Sentinel-2,Landsat,HLS</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="59"/>
        <source>&lt;p&gt;Composites many products acquired over a period into one cloud-free image on one grid, window by window, and writes it as the analysis-ready stack that &lt;i&gt;Estimate&lt;/i&gt; reads, or directly as the SL2P estimates of the composite (as LEAF production does for its 30-day maps of Canada).&lt;/p&gt;&lt;h3&gt;Inputs&lt;/h3&gt;&lt;p&gt;Products (Sentinel-2 L2A SAFE folder or zip, Landsat Collection 2 Level-2 folder or tar, HLS v2.0 granule, STAC item .json or URL, analysis-ready stacks from &lt;i&gt;Subset&lt;/i&gt;), a folder searched for them, or a STAC API search (URL and collection) over the area and the period. Only products acquired from the start date up to, not including, the end date are used, and only those whose scene cloud cover (Sentinel-2 CLOUDY_PIXEL_PERCENTAGE, Landsat CLOUD_COVER, HLS cloud_coverage, STAC eo:cloud_cover) is below the cloud limit; LEAF production uses 80 % for Sentinel-2 (65 % north of 55°) and 90 % for Landsat. Products of different sensors are refused unless mixing is allowed.&lt;/p&gt;&lt;p&gt;Each observation is first masked as in LEAF production: Sentinel-2 SCL classes 0, 3, 8, 9 and 10 removed (water, snow and unclassified pixels stay candidates); Landsat QA_PIXEL fill, dilated cloud, cirrus, cloud and shadow removed; HLS Fmask cloud and shadow removed; a stack's MASK band as it is.&lt;/p&gt;&lt;h3&gt;Methods&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;LEAF best pixel&lt;/b&gt; (LEAF production's HybridTC composite): per pixel, the per-band median of blue, green, red, NIR, SWIR1 and SWIR2 (percent) over the clear observations and a class (water, vegetated, other) from the maximum NDWI and NDVI give each observation a spectral score; the total score adds the scene's clear fraction (1 − cloud/100) and a time weight exp(−½ (ΔDOY/σ)²) around the middle of the period (σ 6 days for Sentinel-2, 8 for Landsat), each term multiplied by its weight (advanced). Every band of the pixel comes from the observation with the highest score.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Maximum NDVI&lt;/b&gt;: the observation with the largest (NIR − red)/(NIR + red).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Median&lt;/b&gt;: the per-band median of the clear observations, so bands come from different dates; DATE, SOURCE, SENSOR and the angles are those of the median-date observation (the earlier of the two middle ones when their number is even).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Most recent&lt;/b&gt;: the last clear observation.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Ties go to the earlier acquisition.&lt;/p&gt;&lt;h3&gt;Mixing sensors&lt;/h3&gt;&lt;p&gt;When allowed, reflectance is restricted to the six bands all sensors share and named as HLS L30 / Landsat OLI (B2 blue, B3 green, B4 red, B5 NIR, B6 SWIR1, B7 SWIR2); Sentinel-2 reflectance is bandpass-adjusted to OLI with the HLS v2.0 coefficients (no BRDF normalisation); the stack's LEAF_SENSOR is HLS_L30, so &lt;i&gt;Estimate&lt;/i&gt; applies the HLS L30 networks. Landsat 5 and 7 cannot be mixed.&lt;/p&gt;&lt;h3&gt;Area&lt;/h3&gt;&lt;p&gt;An extent or a polygon layer, CRS and resolution as in &lt;i&gt;Subset&lt;/i&gt;; without an area the union of the products' footprints, at 20 m for Sentinel-2 only and 30 m otherwise.&lt;/p&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Analysis-ready stack&lt;/b&gt; (Float32 Cloud-Optimized GeoTIFF, NaN no data): reflectance bands, SZA, VZA, SAA, VAA (degrees) of the chosen observation, MASK (1 valid; 0 for snow, saturated pixels or reflectance outside −0.005–1.05, which &lt;i&gt;Estimate&lt;/i&gt; flags as invalid), DATE (days since 1970-01-01 of the chosen acquisition), DOY (its day of year, 0 = 1 January, LEAF production's Date), SOURCE (0-based index of the product in the input list; the list is in the LEAF_SOURCES metadata), COUNT (clear observations in the period) and, when mixing is allowed, SENSOR (21 Sentinel-2, 5, 7, 8, 9 Landsat, 30 HLS L30, 31 HLS S30). Metadata LEAF_SENSOR, LEAF_DATE (middle of the period), LEAF_PERIOD, LEAF_COMPOSITE.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Estimated products&lt;/b&gt;: the composite is made in a temporary file, then estimated with the chosen algorithm (see &lt;i&gt;Estimate&lt;/i&gt;): estimates at the output, QC beside it (&lt;i&gt;name&lt;/i&gt;_QC.tif) and DATE, DOY, SOURCE, COUNT (and SENSOR) in &lt;i&gt;name&lt;/i&gt;_DATE.tif (UInt16, 65535 no data). For the land-cover algorithms (V1, V1.1) or the LEAF uint8 encoding, write the stack and run &lt;i&gt;Estimate&lt;/i&gt; on it with its land-cover layer and encoding.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600; LEAF production (Natural Resources Canada, Canada Centre for Remote Sensing), HybridTC compositing. Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Claverie M. et al. (2018) The Harmonized Landsat and Sentinel-2 surface reflectance data set, Remote Sensing of Environment 219:145–161.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Compose de nombreux produits acquis sur une période en une seule image sans nuages sur une même grille, fenêtre par fenêtre, et l'écrit comme la pile prête à l'analyse que lit &lt;i&gt;Estimer&lt;/i&gt;, ou directement comme les estimations SL2P du composite (comme le fait la production LEAF pour ses cartes du Canada sur 30 jours).&lt;/p&gt;&lt;h3&gt;Entrées&lt;/h3&gt;&lt;p&gt;Produits (dossier ou zip SAFE Sentinel-2 L2A, dossier ou tar Landsat collection 2 niveau 2, granule HLS v2.0, élément STAC .json ou URL, piles prêtes à l'analyse issues de &lt;i&gt;Sous-ensemble&lt;/i&gt;), un dossier où les chercher, ou une recherche dans une API STAC (URL et collection) sur la zone et la période. Seuls les produits acquis de la date de début jusqu'à la date de fin, exclue, sont utilisés, et seulement ceux dont la couverture nuageuse de la scène (CLOUDY_PIXEL_PERCENTAGE de Sentinel-2, CLOUD_COVER de Landsat, cloud_coverage de HLS, eo:cloud_cover de STAC) est inférieure à la limite de nuages; la production LEAF utilise 80 % pour Sentinel-2 (65 % au nord de 55°) et 90 % pour Landsat. Les produits de capteurs différents sont refusés, sauf si le mélange est autorisé.&lt;/p&gt;&lt;p&gt;Chaque observation est d'abord masquée comme dans la production LEAF : classes SCL 0, 3, 8, 9 et 10 de Sentinel-2 retirées (l'eau, la neige et les pixels non classés restent candidats); remplissage, nuage dilaté, cirrus, nuage et ombre de QA_PIXEL de Landsat retirés; nuage et ombre du Fmask de HLS retirés; la bande MASK d'une pile telle quelle.&lt;/p&gt;&lt;h3&gt;Méthodes&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Meilleur pixel LEAF&lt;/b&gt; (composite HybridTC de la production LEAF) : pour chaque pixel, la médiane par bande du bleu, du vert, du rouge, du PIR, du SWIR1 et du SWIR2 (en pourcentage) sur les observations dégagées et une classe (eau, végétation, autre) tirée du NDWI et du NDVI maximaux donnent à chaque observation un score spectral; le score total ajoute la fraction dégagée de la scène (1 − nuages/100) et une pondération temporelle exp(−½ (ΔJJ/σ)²) autour du milieu de la période (σ de 6 jours pour Sentinel-2, de 8 pour Landsat), chaque terme étant multiplié par sa pondération (avancé). Toutes les bandes du pixel proviennent de l'observation ayant le score le plus élevé.&lt;/li&gt;&lt;li&gt;&lt;b&gt;NDVI maximal&lt;/b&gt; : l'observation ayant le plus grand (PIR − rouge)/(PIR + rouge).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Médiane&lt;/b&gt; : la médiane par bande des observations dégagées; les bandes proviennent donc de dates différentes. DATE, SOURCE, SENSOR et les angles sont ceux de l'observation de date médiane (la plus ancienne des deux du milieu lorsque leur nombre est pair).&lt;/li&gt;&lt;li&gt;&lt;b&gt;La plus récente&lt;/b&gt; : la dernière observation dégagée.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;En cas d'égalité, l'acquisition la plus ancienne l'emporte.&lt;/p&gt;&lt;h3&gt;Mélange de capteurs&lt;/h3&gt;&lt;p&gt;S'il est autorisé, la réflectance est limitée aux six bandes communes à tous les capteurs et nommées comme HLS L30 / Landsat OLI (B2 bleu, B3 vert, B4 rouge, B5 PIR, B6 SWIR1, B7 SWIR2); la réflectance Sentinel-2 est ajustée à la bande passante d'OLI avec les coefficients HLS v2.0 (sans normalisation BRDF); la LEAF_SENSOR de la pile est HLS_L30, de sorte qu'&lt;i&gt;Estimer&lt;/i&gt; applique les réseaux HLS L30. Landsat 5 et 7 ne peuvent pas être mélangés.&lt;/p&gt;&lt;h3&gt;Zone&lt;/h3&gt;&lt;p&gt;Une emprise ou une couche de polygones, un SCR et une résolution comme dans &lt;i&gt;Sous-ensemble&lt;/i&gt;; sans zone, l'union des empreintes des produits, à 20 m pour Sentinel-2 seul et à 30 m autrement.&lt;/p&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Pile prête à l'analyse&lt;/b&gt; (GeoTIFF optimisé pour l'infonuagique Float32, NaN = aucune donnée) : bandes de réflectance, SZA, VZA, SAA, VAA (degrés) de l'observation choisie, MASK (1 valide; 0 pour la neige, les pixels saturés ou une réflectance hors de −0,005–1,05, qu'&lt;i&gt;Estimer&lt;/i&gt; signale comme invalides), DATE (jours depuis le 1970-01-01 de l'acquisition choisie), DOY (son jour de l'année, 0 = 1er janvier, la Date de la production LEAF), SOURCE (indice, à partir de 0, du produit dans la liste des entrées; la liste figure dans la métadonnée LEAF_SOURCES), COUNT (observations dégagées dans la période) et, si le mélange est autorisé, SENSOR (21 Sentinel-2, 5, 7, 8, 9 Landsat, 30 HLS L30, 31 HLS S30). Métadonnées LEAF_SENSOR, LEAF_DATE (milieu de la période), LEAF_PERIOD, LEAF_COMPOSITE.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Produits estimés&lt;/b&gt; : le composite est créé dans un fichier temporaire, puis estimé avec l'algorithme choisi (voir &lt;i&gt;Estimer&lt;/i&gt;) : estimations à la sortie, QC à côté (&lt;i&gt;nom&lt;/i&gt;_QC.tif) et DATE, DOY, SOURCE, COUNT (et SENSOR) dans &lt;i&gt;nom&lt;/i&gt;_DATE.tif (UInt16, 65535 = aucune donnée). Pour les algorithmes par couverture terrestre (V1, V1.1) ou l'encodage uint8 de LEAF, écrivez la pile, puis exécutez &lt;i&gt;Estimer&lt;/i&gt; sur celle-ci avec sa couche de couverture terrestre et son encodage.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600; production LEAF (Ressources naturelles Canada, Centre canadien de télédétection), composition HybridTC. Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Claverie M. et al. (2018) The Harmonized Landsat and Sentinel-2 surface reflectance data set, Remote Sensing of Environment 219:145–161.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="115"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="188"/>
        <source>Products (SAFE zip or folder, Landsat tar or folder, HLS granule, STAC item, stack)</source>
        <translation>Produits (SAFE zip ou dossier, Landsat tar ou dossier, granule HLS, élément STAC, pile)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="118"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="191"/>
        <source>Or a folder of products (searched with its subfolders)</source>
        <translation>Ou un dossier de produits (fouillé avec ses sous-dossiers)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="121"/>
        <source>Or search a STAC API (URL) over the area and the period</source>
        <translation>Ou rechercher dans une API STAC (URL) sur la zone et la période</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="123"/>
        <location filename="../leaf_qgis/processing/subset.py" line="80"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="196"/>
        <source>STAC collection</source>
        <translation>Collection STAC</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="125"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="199"/>
        <source>Start date (included)</source>
        <translation>Date de début (incluse)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="127"/>
        <source>End date (excluded)</source>
        <translation>Date de fin (exclue)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="129"/>
        <source>Compositing method</source>
        <translation>Méthode de composition</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="130"/>
        <source>LEAF best pixel (LEAF production HybridTC score)</source>
        <translation>Meilleur pixel LEAF (score HybridTC de la production LEAF)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="130"/>
        <source>Maximum NDVI</source>
        <translation>NDVI maximal</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="131"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="212"/>
        <source>Median</source>
        <translation>Médiane</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="131"/>
        <source>Most recent</source>
        <translation>La plus récente</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="133"/>
        <source>Leave out scenes whose cloud cover is this or more (%)</source>
        <translation>Exclure les scènes dont la couverture nuageuse atteint ou dépasse cette valeur (%)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="136"/>
        <source>Allow mixing sensors (harmonised HLS L30 reflectance)</source>
        <translation>Autoriser le mélange des capteurs (réflectance harmonisée HLS L30)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="139"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="140"/>
        <source>Analysis-ready stack (for Estimate)</source>
        <translation>Pile prête à l'analyse (pour Estimer)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="141"/>
        <source>Estimated products of the composite (SL2P)</source>
        <translation>Produits estimés du composite (SL2P)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="143"/>
        <source>Algorithm for the estimated products</source>
        <translation>Algorithme des produits estimés</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="144"/>
        <source>Automatic (from the composite's sensor and bands)</source>
        <translation>Automatique (selon le capteur et les bandes du composite)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="148"/>
        <source>Variables of the estimated products (none selected: every variable)</source>
        <translation>Variables des produits estimés (aucune sélection : toutes les variables)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="150"/>
        <source>LEAF score weight: spectral</source>
        <translation>Pondération du score LEAF : spectrale</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="151"/>
        <source>LEAF score weight: scene clear fraction</source>
        <translation>Pondération du score LEAF : fraction dégagée de la scène</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="152"/>
        <source>LEAF score weight: time</source>
        <translation>Pondération du score LEAF : temporelle</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="157"/>
        <source>Composite</source>
        <translation>Composite</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="158"/>
        <source>Quality control (QC) of the estimates</source>
        <translation>Contrôle de qualité (QC) des estimations</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="159"/>
        <source>Date and source of the estimates</source>
        <translation>Date et source des estimations</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="160"/>
        <source>Products composited</source>
        <translation>Produits composés</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="161"/>
        <source>Pixels with a clear observation</source>
        <translation>Pixels avec une observation dégagée</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="162"/>
        <source>Sensor of the composite (LEAF_SENSOR)</source>
        <translation>Capteur du composite (LEAF_SENSOR)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="170"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="267"/>
        <source>Give products (INPUT), a folder (FOLDER) or a STAC API to search (STAC_API).</source>
        <translation>Fournissez des produits (INPUT), un dossier (FOLDER) ou une API STAC où chercher (STAC_API).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="176"/>
        <source>The end date must come after the start date.</source>
        <translation>La date de fin doit suivre la date de début.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="190"/>
        <source>Give products (INPUT), a folder (FOLDER) or a STAC API to search.</source>
        <translation>Fournissez des produits (INPUT), un dossier (FOLDER) ou une API STAC où chercher.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="205"/>
        <source>The output {0} must be a GeoTIFF (.tif).</source>
        <translation>La sortie {0} doit être un GeoTIFF (.tif).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="227"/>
        <source>{0} products composited; pixels chosen per product: {1}.</source>
        <translation>{0} produits composés; pixels choisis par produit : {1}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="243"/>
        <source>{0} ({1} composite, {2})</source>
        <translation>{0} (composite {1}, {2})</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="260"/>
        <source>The STAC search found no product over the area from {0} to {1}.</source>
        <translation>La recherche STAC n'a trouvé aucun produit sur la zone du {0} au {1}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/mosaic.py" line="263"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="415"/>
        <source>STAC search: {0} items ({1}).</source>
        <translation>Recherche STAC : {0} éléments ({1}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="27"/>
        <source>Install networks</source>
        <translation>Installer les réseaux</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="33"/>
        <source>&lt;p&gt;Downloads the published network files an algorithm needs from their upstream repositories at the commits pinned in the plugin's catalog, refuses any file whose sha256 differs from the catalog, converts the networks to TensorFlow Lite and caches them in your QGIS profile. leaf:estimate does this by itself on first use; run this tool to install ahead of time or offline.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Offline&lt;/b&gt;: give a zip file or a folder that holds the network files (any layout: they are found by checksum). &lt;b&gt;Base URL&lt;/b&gt;: a mirror laid out as &amp;lt;owner&amp;gt;/&amp;lt;repo&amp;gt;/&amp;lt;commit&amp;gt;/&amp;lt;path&amp;gt;; the environment variable %s overrides it and the plugin setting.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Télécharge les fichiers de réseaux publiés dont un algorithme a besoin depuis leurs dépôts d'origine, aux commits fixés dans le catalogue de l'extension, refuse tout fichier dont le sha256 diffère de celui du catalogue, convertit les réseaux en TensorFlow Lite et les met en cache dans votre profil QGIS. leaf:estimate le fait de lui-même à la première utilisation; exécutez cet outil pour les installer à l'avance ou hors ligne.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Hors ligne&lt;/b&gt; : fournissez un fichier zip ou un dossier qui contient les fichiers de réseaux (n'importe quelle organisation : ils sont repérés par leur somme de contrôle). &lt;b&gt;URL de base&lt;/b&gt; : un miroir organisé en &amp;lt;propriétaire&amp;gt;/&amp;lt;dépôt&amp;gt;/&amp;lt;commit&amp;gt;/&amp;lt;chemin&amp;gt;; la variable d'environnement %s a priorité sur elle et sur le paramètre de l'extension.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="45"/>
        <source>Install from a zip file (offline)</source>
        <translation>Installer à partir d'un fichier zip (hors ligne)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="47"/>
        <source>Install from a folder (offline)</source>
        <translation>Installer à partir d'un dossier (hors ligne)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="49"/>
        <source>Download base URL (empty: setting or default)</source>
        <translation>URL de base de téléchargement (vide : paramètre ou valeur par défaut)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="51"/>
        <source>Reinstall even if already installed</source>
        <translation>Réinstaller même si déjà installés</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="53"/>
        <source>Installed networks folder</source>
        <translation>Dossier des réseaux installés</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="65"/>
        <source>The networks of {0} are already installed in {1}.</source>
        <translation>Les réseaux de {0} sont déjà installés dans {1}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="77"/>
        <source>List algorithms and networks</source>
        <translation>Lister les algorithmes et les réseaux</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="83"/>
        <source>&lt;p&gt;Lists every algorithm the plugin knows, whether its networks are installed, and the catalog files behind it (URL, sha256). Output: a text report and the cache folder.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Liste tous les algorithmes que connaît l'extension, indique si leurs réseaux sont installés et donne les fichiers du catalogue sur lesquels ils reposent (URL, sha256). Sortie : un rapport texte et le dossier de cache.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="87"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="94"/>
        <source>Network cache: {0}</source>
        <translation>Cache des réseaux : {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="95"/>
        <source>Download base URL: {0}</source>
        <translation>URL de base de téléchargement : {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="98"/>
        <source>installed in {0}</source>
        <translation>installés dans {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/networks.py" line="103"/>
        <source>{0}: not in the catalog</source>
        <translation>{0} : absent du catalogue</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/provider.py" line="27"/>
        <source>LEAF Toolbox (SL2P vegetation biophysical variables) %s</source>
        <translation>LEAF Toolbox (variables biophysiques de la végétation SL2P) %s</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/provider.py" line="58"/>
        <source>LEAF could not load {0} ({1}: {2}).</source>
        <translation>LEAF n'a pas pu charger {0} ({1} : {2}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="28"/>
        <source>0 good</source>
        <translation>0 bon</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="29"/>
        <source>1 input out of domain</source>
        <translation>1 entrée hors domaine</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="30"/>
        <source>2 estimate out of range</source>
        <translation>2 estimation hors intervalle</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="31"/>
        <source>3 out of domain and out of range</source>
        <translation>3 hors domaine et hors intervalle</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="32"/>
        <source>4 invalid pixel (masked)</source>
        <translation>4 pixel invalide (masqué)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="33"/>
        <source>8 set to a SNAP limit</source>
        <translation>8 ramenée à une limite de SNAP</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="34"/>
        <source>9 out of domain, set to a SNAP limit</source>
        <translation>9 hors domaine, ramenée à une limite de SNAP</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="35"/>
        <source>10 out of range, another estimate set to a SNAP limit</source>
        <translation>10 hors intervalle, une autre estimation ramenée à une limite de SNAP</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="36"/>
        <source>11 out of domain and out of range, set to a SNAP limit</source>
        <translation>11 hors domaine et hors intervalle, ramenée à une limite de SNAP</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/styles.py" line="153"/>
        <source>LEAF {algorithm} {name} {date}</source>
        <translation>LEAF {algorithm} {name} {date}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="26"/>
        <source>Products (*.zip *.tar *.xml *.txt *.tif *.TIF);;Sentinel-2 SAFE zip (*.zip);;Landsat tar (*.tar);;Metadata file of an unpacked product (MTD_MSIL2A.xml *_MTL.txt *_MTL.xml);;All files (*)</source>
        <translation>Produits (*.zip *.tar *.xml *.txt *.tif *.TIF);;Zip SAFE Sentinel-2 (*.zip);;Tar Landsat (*.tar);;Fichier de métadonnées d'un produit décompressé (MTD_MSIL2A.xml *_MTL.txt *_MTL.xml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="36"/>
        <source>Subset a product to an analysis-ready stack</source>
        <translation>Extraire un sous-ensemble d'un produit en pile prête à l'analyse</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="42"/>
        <source>&lt;p&gt;Reads a Sentinel-2 L2A product (SAFE folder or zip), a Landsat Collection 2 Level-2 product (folder or tar) or an HLS v2.0 granule (folder) and writes the analysis-ready stack that &lt;i&gt;Estimate&lt;/i&gt; reads: surface reflectance per band, per-pixel sun and view angles (SZA, VZA, SAA, VAA in degrees), MASK (1 = clear pixel) and the sensor and date as metadata, on the area, CRS and resolution you choose.&lt;/p&gt;&lt;h3&gt;Input&lt;/h3&gt;&lt;p&gt;The product: a zip or tar, or, for an unpacked product, its metadata file (MTD_MSIL2A.xml, *_MTL.txt) or the folder; a STAC item (.json or URL). Several products of one acquisition (adjacent tiles) are merged onto one grid, each pixel from the first product that has a clear observation there. Or a STAC API search (URL, collection, dates) over the area, which must find one acquisition. Reflectance: Sentinel-2 (DN + BOA_ADD_OFFSET) / quantification from MTD_MSIL2A.xml (every processing baseline); Landsat DN x scale + offset from the MTL. Angles: Sentinel-2 from the 5 km grids of MTD_TL.xml interpolated per pixel; Landsat from the angle bands or computed. MASK: Sentinel-2 SCL classes 4 and 5 kept; Landsat QA_PIXEL fill, cirrus, cloud, shadow, snow and water removed; HLS Fmask likewise.&lt;/p&gt;&lt;h3&gt;Area&lt;/h3&gt;&lt;p&gt;An extent, or a polygon layer (the output covers its bounding box and pixels outside the polygons get no data), an optional buffer, a CRS and a resolution; reflectance going coarser is averaged, classes use nearest neighbour. Or a CCRS production tile (TILE, e.g. tile55_412: EPSG:3979 unless a CRS is given). Several products: run this tool as a batch process.&lt;/p&gt;&lt;h3&gt;Output&lt;/h3&gt;&lt;p&gt;A Float32 Cloud-Optimized GeoTIFF, NaN where there is no data; or, when the output name ends in .vrt, a virtual stack whose reflectance bands point at the product's own files and whose computed angles and MASK are written to &lt;i&gt;name&lt;/i&gt;.angles.tif beside it.&lt;/p&gt;&lt;h3&gt;Earth Engine backend&lt;/h3&gt;&lt;p&gt;With &lt;b&gt;Backend&lt;/b&gt; = Google Earth Engine the stack is made on Earth Engine and downloaded: an image id (or a collection with start and end dates: the most recent clear pixel of the period, with a DATE band) over the area (required), as in Estimate's Earth Engine run. Bands: the collection's reflectance bands, SZA, VZA, RAA (degrees; Sentinel-2 scene means), MASK and DATE for a period; Float32 COG, NaN no data. Any local tool then reads it.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;ESA, Sentinel-2 Products Specification Document (Level-2A product format, processing baselines); USGS, Landsat 8-9 Collection 2 Level-2 Science Product Guide; NASA, Harmonized Landsat Sentinel-2 (HLS) v2.0 User Guide; Fernandes R. et al., LEAF Toolbox (masking rules).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Lit un produit Sentinel-2 L2A (dossier ou zip SAFE), un produit Landsat collection 2 niveau 2 (dossier ou tar) ou un granule HLS v2.0 (dossier) et écrit la pile prête à l'analyse que lit &lt;i&gt;Estimer&lt;/i&gt; : réflectance de surface par bande, angles solaires et de visée par pixel (SZA, VZA, SAA, VAA en degrés), MASK (1 = pixel dégagé) ainsi que le capteur et la date en métadonnées, sur la zone, le SCR et la résolution de votre choix.&lt;/p&gt;&lt;h3&gt;Entrée&lt;/h3&gt;&lt;p&gt;Le produit : un zip ou un tar ou, pour un produit décompressé, son fichier de métadonnées (MTD_MSIL2A.xml, *_MTL.txt) ou le dossier; un élément STAC (.json ou URL). Plusieurs produits d'une même acquisition (tuiles adjacentes) sont fusionnés sur une même grille, chaque pixel provenant du premier produit qui y a une observation dégagée. Ou une recherche dans une API STAC (URL, collection, dates) sur la zone, qui doit trouver une seule acquisition. Réflectance : Sentinel-2 (CN + BOA_ADD_OFFSET) / quantification tirée de MTD_MSIL2A.xml (toutes les versions de traitement); Landsat CN x échelle + décalage tirés du MTL. Angles : Sentinel-2 à partir des grilles de 5 km de MTD_TL.xml interpolées par pixel; Landsat à partir des bandes d'angles ou calculés. MASK : classes SCL 4 et 5 de Sentinel-2 conservées; remplissage, cirrus, nuage, ombre, neige et eau de QA_PIXEL de Landsat retirés; Fmask de HLS de même.&lt;/p&gt;&lt;h3&gt;Zone&lt;/h3&gt;&lt;p&gt;Une emprise, ou une couche de polygones (la sortie couvre son rectangle englobant et les pixels à l'extérieur des polygones n'ont pas de données), une zone tampon facultative, un SCR et une résolution; la réflectance est moyennée vers une résolution plus grossière, les classes utilisent le plus proche voisin. Ou une tuile de la grille de production du CCRS (TILE, p. ex. tile55_412 : EPSG:3979 sauf si un SCR est donné). Plusieurs produits : exécutez cet outil comme traitement par lots.&lt;/p&gt;&lt;h3&gt;Sortie&lt;/h3&gt;&lt;p&gt;Un GeoTIFF optimisé pour l'infonuagique Float32, NaN là où il n'y a pas de données; ou, si le nom de sortie se termine par .vrt, une pile virtuelle dont les bandes de réflectance pointent vers les fichiers du produit lui-même et dont les angles calculés et MASK sont écrits dans &lt;i&gt;nom&lt;/i&gt;.angles.tif à côté.&lt;/p&gt;&lt;h3&gt;Moteur Earth Engine&lt;/h3&gt;&lt;p&gt;Avec &lt;b&gt;Moteur&lt;/b&gt; = Google Earth Engine, la pile est faite sur Earth Engine et téléchargée : un identifiant d'image (ou une collection avec des dates de début et de fin : le pixel dégagé le plus récent de la période, avec une bande DATE) sur la zone (obligatoire), comme dans le traitement Earth Engine d'Estimation. Bandes : les bandes de réflectance de la collection, SZA, VZA, RAA (degrés; moyennes de scène pour Sentinel-2), MASK et DATE pour une période; COG Float32, NaN sans donnée. Tout outil local la lit ensuite.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;ESA, Sentinel-2 Products Specification Document (format des produits de niveau 2A, versions de traitement); USGS, Landsat 8-9 Collection 2 Level-2 Science Product Guide; NASA, Harmonized Landsat Sentinel-2 (HLS) v2.0 User Guide; Fernandes R. et al., LEAF Toolbox (règles de masquage).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="75"/>
        <source>Product(s) of one acquisition (adjacent tiles are merged)</source>
        <translation>Produit(s) d'une même acquisition (les tuiles adjacentes sont fusionnées)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="78"/>
        <source>Or search a STAC API (URL) for the product(s) over the area</source>
        <translation>Ou rechercher le ou les produits dans une API STAC (URL) sur la zone</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="82"/>
        <source>STAC dates (YYYY-MM-DD/YYYY-MM-DD)</source>
        <translation>Dates STAC (AAAA-MM-JJ/AAAA-MM-JJ)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="100"/>
        <source>Give products or a STAC search, not both.</source>
        <translation>Fournissez des produits ou une recherche STAC, mais pas les deux.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="103"/>
        <source>Give at least one product, or a STAC API to search.</source>
        <translation>Fournissez au moins un produit, ou une API STAC où chercher.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="113"/>
        <location filename="../leaf_qgis/processing/subset.py" line="130"/>
        <source>{0} x {1} pixels, {2} clear; bands {3}.</source>
        <translation>{0} x {1} pixels, {2} dégagés; bandes {3}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="139"/>
        <source>A STAC search needs dates (STAC_DATES).</source>
        <translation>Une recherche STAC exige des dates (STAC_DATES).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="147"/>
        <source>The STAC search found no product over the area in {0}.</source>
        <translation>La recherche STAC n'a trouvé aucun produit sur la zone en {0}.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="149"/>
        <source>The STAC search found {0} acquisitions ({1}); narrow the dates to one, or use a mosaic.</source>
        <translation>La recherche STAC a trouvé {0} acquisitions ({1}); restreignez les dates à une seule, ou utilisez une mosaïque.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/subset.py" line="152"/>
        <source>STAC search: {0}</source>
        <translation>Recherche STAC : {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="133"/>
        <source>Time series of biophysical variables (SL2P)</source>
        <translation>Série temporelle des variables biophysiques (SL2P)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="139"/>
        <source>time series,temporal,LAI,fAPAR,fCOVER,SL2P,LEAF,monitoring,season,points,chart</source>
        <translation>série temporelle,temporel,LAI,fAPAR,fCOVER,SL2P,LEAF,suivi,saison,points,graphique</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="142"/>
        <source>&lt;p&gt;Estimates the SL2P variables on every acquisition of a date range over one area, all on one grid, and follows them through time: one layer per date (added to the project as a time-enabled group for the temporal controller), optional aggregates per period, and the series at points or polygons as a table and a chart.&lt;/p&gt;&lt;h3&gt;Inputs&lt;/h3&gt;&lt;p&gt;Products (Sentinel-2 L2A SAFE folder or zip, Landsat Collection 2 Level-2 folder or tar, HLS v2.0 granule, STAC item .json or URL, analysis-ready stacks with LEAF_DATE such as &lt;i&gt;Subset&lt;/i&gt; outputs), a folder searched for them, or a STAC API search (URL and collection) over the area and the dates. Products acquired from the start to the end date (both included; empty: no limit) are used; products of one day and sensor (adjacent tiles) are merged into one acquisition. With a chosen algorithm, products of other sensors are left out; automatic chooses per date as &lt;i&gt;Estimate&lt;/i&gt; does.&lt;/p&gt;&lt;h3&gt;Area&lt;/h3&gt;&lt;p&gt;An extent or a polygon layer, CRS and resolution as in &lt;i&gt;Subset&lt;/i&gt;; without them the union of the products' footprints in the CRS and at the pixel size of the earliest product. Stacks are read on their own grid, which must be the same for all of them.&lt;/p&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Output folder&lt;/b&gt;: per acquisition &lt;i&gt;prefix&lt;/i&gt;_YYYYMMDD_&lt;i&gt;algorithm&lt;/i&gt;.tif (estimates and uncertainties, float32 Cloud-Optimized GeoTIFF, NaN no data, acquisition date in the LEAF_DATE metadata) and &lt;i&gt;prefix&lt;/i&gt;_YYYYMMDD_&lt;i&gt;algorithm&lt;/i&gt;_QC.tif (QC bits: 1 input out of the networks' domain, 2 estimate out of range, 4 invalid pixel, 255 no data). Units: LAI m²/m²; fAPAR, fCOVER, albedo, DASF unitless; CCC µg/cm²; CWC g/cm².&lt;/p&gt;&lt;p&gt;&lt;b&gt;Aggregation&lt;/b&gt; (optional, several may be chosen): per calendar month (&lt;i&gt;prefix&lt;/i&gt;_YYYYMM_&lt;i&gt;statistic&lt;/i&gt;.tif) or per period of N days counted from the start date (&lt;i&gt;prefix&lt;/i&gt;_YYYYMMDD-YYYYMMDD_&lt;i&gt;statistic&lt;/i&gt;.tif), the mean, maximum, median (mean of the two middle values for an even number) or count of the valid observations of each pixel, one band per variable. Valid: the pixel has data and QC bits 0, 1 and 2 are clear (bit 0 may be accepted). Estimates only, not uncertainties.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Table&lt;/b&gt; (needs features; GeoPackage or CSV): one row per feature, date and variable with feature_id (the feature's id), the id field, date, sensor, algorithm, variable, value, uncertainty, qc, pixels and valid_pixels. A point takes the pixel containing it, as stored (valid_pixels 1 when valid); a polygon the mean value and mean uncertainty of its valid pixels among those whose centre is inside it, with the bitwise OR of their QC.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Chart&lt;/b&gt; (optional, .png or .html): each feature's series, one panel per variable, uncertainty as bars; the HTML page is self-contained (inline SVG).&lt;/p&gt;&lt;h3&gt;Earth Engine backend&lt;/h3&gt;&lt;p&gt;With &lt;b&gt;Backend&lt;/b&gt; = Google Earth Engine the inputs are an Earth Engine collection (S2, L8, L9, L7, L5 or HLS_L30), both dates and an area (EXTENT, AREA's bounding box or TILE; CRS and resolution as in Estimate's Earth Engine run). Every day with images over the area is one acquisition: estimated on Earth Engine (the day's images merged where they have data, one algorithm for every day) and downloaded onto the run's grid; aggregates, table and chart are then computed from those files as for local products. Credentials and project as for Estimate.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. LEAF Toolbox, Natural Resources Canada (Canada Centre for Remote Sensing).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Estime les variables SL2P sur chaque acquisition d'un intervalle de dates au-dessus d'une zone, toutes sur une même grille, et les suit dans le temps : une couche par date (ajoutée au projet comme groupe temporel pour le contrôleur temporel), des agrégats facultatifs par période, et la série aux points ou aux polygones sous forme de table et de graphique.&lt;/p&gt;&lt;h3&gt;Entrées&lt;/h3&gt;&lt;p&gt;Produits (dossier ou zip SAFE Sentinel-2 L2A, dossier ou tar Landsat collection 2 niveau 2, granule HLS v2.0, élément STAC .json ou URL, piles prêtes à l'analyse avec LEAF_DATE comme les sorties de &lt;i&gt;Sous-ensemble&lt;/i&gt;), un dossier où les chercher, ou une recherche dans une API STAC (URL et collection) sur la zone et les dates. Les produits acquis de la date de début à la date de fin (toutes deux incluses; vide : aucune limite) sont utilisés; les produits d'un même jour et d'un même capteur (tuiles adjacentes) sont fusionnés en une seule acquisition. Si un algorithme est choisi, les produits des autres capteurs sont exclus; le mode automatique choisit par date, comme le fait &lt;i&gt;Estimer&lt;/i&gt;.&lt;/p&gt;&lt;h3&gt;Zone&lt;/h3&gt;&lt;p&gt;Une emprise ou une couche de polygones, un SCR et une résolution comme dans &lt;i&gt;Sous-ensemble&lt;/i&gt;; sans eux, l'union des empreintes des produits dans le SCR et à la taille de pixel du produit le plus ancien. Les piles sont lues sur leur propre grille, qui doit être la même pour toutes.&lt;/p&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Dossier de sortie&lt;/b&gt; : par acquisition, &lt;i&gt;préfixe&lt;/i&gt;_AAAAMMJJ_&lt;i&gt;algorithme&lt;/i&gt;.tif (estimations et incertitudes, GeoTIFF optimisé pour l'infonuagique float32, NaN = aucune donnée, date d'acquisition dans la métadonnée LEAF_DATE) et &lt;i&gt;préfixe&lt;/i&gt;_AAAAMMJJ_&lt;i&gt;algorithme&lt;/i&gt;_QC.tif (bits QC : 1 entrée hors du domaine des réseaux, 2 estimation hors intervalle, 4 pixel invalide, 255 aucune donnée). Unités : LAI m²/m²; fAPAR, fCOVER, albédo, DASF sans unité; CCC µg/cm²; CWC g/cm².&lt;/p&gt;&lt;p&gt;&lt;b&gt;Agrégation&lt;/b&gt; (facultative, plusieurs choix possibles) : par mois civil (&lt;i&gt;préfixe&lt;/i&gt;_AAAAMM_&lt;i&gt;statistique&lt;/i&gt;.tif) ou par période de N jours comptés à partir de la date de début (&lt;i&gt;préfixe&lt;/i&gt;_AAAAMMJJ-AAAAMMJJ_&lt;i&gt;statistique&lt;/i&gt;.tif), la moyenne, le maximum, la médiane (moyenne des deux valeurs du milieu pour un nombre pair) ou le nombre d'observations valides de chaque pixel, une bande par variable. Valide : le pixel a des données et les bits QC 0, 1 et 2 sont à zéro (le bit 0 peut être accepté). Estimations seulement, pas les incertitudes.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Table&lt;/b&gt; (exige des entités; GeoPackage ou CSV) : une ligne par entité, date et variable, avec feature_id (l'identifiant de l'entité), le champ identifiant, date, sensor, algorithm, variable, value, uncertainty, qc, pixels et valid_pixels. Un point prend le pixel qui le contient, tel qu'il est stocké (valid_pixels 1 s'il est valide); un polygone, la valeur moyenne et l'incertitude moyenne de ses pixels valides parmi ceux dont le centre est à l'intérieur, avec le OU bit à bit de leur QC.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Graphique&lt;/b&gt; (facultatif, .png ou .html) : la série de chaque entité, un panneau par variable, l'incertitude sous forme de barres; la page HTML est autonome (SVG intégré).&lt;/p&gt;&lt;h3&gt;Moteur Earth Engine&lt;/h3&gt;&lt;p&gt;Avec &lt;b&gt;Moteur&lt;/b&gt; = Google Earth Engine, les entrées sont une collection Earth Engine (S2, L8, L9, L7, L5 ou HLS_L30), les deux dates et une zone (EXTENT, rectangle englobant de AREA ou TILE; SCR et résolution comme dans le traitement Earth Engine d'Estimation). Chaque jour avec des images sur la zone est une acquisition : estimée sur Earth Engine (les images du jour fusionnées là où elles ont des données, un même algorithme pour tous les jours) et téléchargée sur la grille du traitement; les agrégats, le tableau et le graphique sont ensuite calculés à partir de ces fichiers comme pour des produits locaux. Identifiants et projet comme pour Estimation.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. LEAF Toolbox, Ressources naturelles Canada (Centre canadien de télédétection).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="194"/>
        <source>Or search a STAC API (URL) over the area and the dates</source>
        <translation>Ou rechercher dans une API STAC (URL) sur la zone et les dates</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="201"/>
        <source>End date (included)</source>
        <translation>Date de fin (incluse)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="204"/>
        <source>Automatic (per date, from the sensor, bands and land cover)</source>
        <translation>Automatique (par date, selon le capteur, les bandes et la couverture terrestre)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="211"/>
        <source>Aggregation per period (of the valid observations)</source>
        <translation>Agrégation par période (des observations valides)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="212"/>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="212"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="212"/>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="213"/>
        <source>Count of valid observations</source>
        <translation>Nombre d'observations valides</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="215"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="215"/>
        <source>Calendar month</source>
        <translation>Mois civil</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="216"/>
        <source>N days from the start date (or the first date)</source>
        <translation>N jours à partir de la date de début (ou de la première date)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="219"/>
        <source>N (days per period)</source>
        <translation>N (jours par période)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="222"/>
        <source>Count observations whose inputs are out of the networks' domain (QC bit 0) as valid</source>
        <translation>Compter comme valides les observations dont les entrées sont hors du domaine des réseaux (bit QC 0)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="225"/>
        <source>Points or polygons to extract the series at</source>
        <translation>Points ou polygones où extraire la série</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="228"/>
        <source>Identifier field of the features</source>
        <translation>Champ identifiant des entités</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="232"/>
        <source>Land-cover layer for land-cover networks (CCRS/NALCMS classes)</source>
        <translation>Couche de couverture terrestre pour les réseaux par couverture terrestre (classes CCT/NALCMS)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="233"/>
        <source>File name prefix</source>
        <translation>Préfixe des noms de fichiers</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="235"/>
        <source>Add the layers to the project as a time-enabled group (desktop)</source>
        <translation>Ajouter les couches au projet comme groupe temporel (bureau)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="240"/>
        <source>Output folder</source>
        <translation>Dossier de sortie</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="242"/>
        <source>Series at the features (GeoPackage or CSV table)</source>
        <translation>Série aux entités (table GeoPackage ou CSV)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="245"/>
        <source>Chart of the series</source>
        <translation>Graphique de la série</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="245"/>
        <source>HTML page (*.html);;PNG image (*.png)</source>
        <translation>Page HTML (*.html);;Image PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="247"/>
        <source>Estimates per date</source>
        <translation>Estimations par date</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="248"/>
        <location filename="../leaf_qgis/processing/timeseries.py" line="398"/>
        <source>QC per date</source>
        <translation>QC par date</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="249"/>
        <source>Aggregates per period</source>
        <translation>Agrégats par période</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="250"/>
        <source>Acquisition dates (comma-separated)</source>
        <translation>Dates d'acquisition (séparées par des virgules)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="251"/>
        <source>Number of acquisitions</source>
        <translation>Nombre d'acquisitions</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="252"/>
        <source>Rows in the table</source>
        <translation>Lignes de la table</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="264"/>
        <source>A time series on Earth Engine needs a collection (EE_SOURCE) and both dates (START, END).</source>
        <translation>Une série temporelle sur Earth Engine demande une collection (EE_SOURCE) et les deux dates (START, END).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="269"/>
        <source>A table or a chart needs features (FEATURES) to extract the series at.</source>
        <translation>Une table ou un graphique exige des entités (FEATURES) où extraire la série.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="310"/>
        <source>{0} acquisitions ({1}); {2} aggregates; {3} table rows.</source>
        <translation>{0} acquisitions ({1}); {2} agrégats; {3} lignes de table.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="365"/>
        <source>The features layer could not be loaded.</source>
        <translation>La couche d'entités n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="370"/>
        <source>The features layer {0} has no field {1} (its fields are: {2}).</source>
        <translation>La couche d'entités {0} n'a pas de champ {1} (ses champs : {2}).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="371"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="377"/>
        <source>The features layer {0} has no geometry.</source>
        <translation>La couche d'entités {0} n'a pas de géométrie.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="384"/>
        <source>Time series {0} ({1} to {2})</source>
        <translation>Série temporelle {0} ({1} au {2})</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="395"/>
        <source>{0} {1} ({2})</source>
        <translation>{0} {1} ({2})</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="397"/>
        <source>QC {0}</source>
        <translation>QC {0}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="401"/>
        <source>{0} {1} to {2}</source>
        <translation>{0} {1} au {2}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="404"/>
        <source>Aggregates</source>
        <translation>Agrégats</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/timeseries.py" line="410"/>
        <source>A STAC search needs a start and an end date (START, END).</source>
        <translation>Une recherche STAC exige une date de début et une date de fin (START, END).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="40"/>
        <source>Train networks for a sensor (PROSAIL, SL2P recipe)</source>
        <translation>Entraîner des réseaux pour un capteur (PROSAIL, méthode SL2P)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="46"/>
        <source>train,PROSAIL,SL2P,neural network,sensor,spectral response,LAI,fAPAR,fCOVER</source>
        <translation>entraînement,PROSAIL,SL2P,réseau de neurones,capteur,réponse spectrale,LAI,fAPAR,fCOVER</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="49"/>
        <source>&lt;p&gt;Builds SL2P-style networks for your own sensor and installs them as an algorithm that &lt;i&gt;Estimate biophysical variables&lt;/i&gt; (leaf:estimate) offers at once. PROSAIL (PROSPECT-5 + 4SAIL) simulates canopies whose inputs are drawn from the calibration's laws; each spectrum is integrated through your band responses, the calibration's sensor noise is added, and per variable an estimate network and an uncertainty network (5 tansig neurons each, Levenberg–Marquardt, 70/15/15 % training/validation/held-out split) are trained, with the input-domain codes of the simulations.&lt;/p&gt;&lt;h3&gt;Inputs&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Band responses&lt;/b&gt;: a CSV table with a wavelength column in nm (named &lt;i&gt;wavelength&lt;/i&gt; or &lt;i&gt;wavelength_nm&lt;/i&gt;, increasing) and one column per band holding its relative spectral response (≥ 0); the column headers are the band names your stacks must carry (e.g. RED, NIR). Bands must lie in 400–2500 nm; any sampling step (it is interpolated to 1 nm).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Calibration&lt;/b&gt; (optional): a leaf_qgis calibration JSON file or the CSV export of an SL2P workbook's Canopy_Atmos_Class_1 sheet (its …__Sensor.csv beside it gives the noise model). Default: the SL2P Sentinel-2 calibration of the LEAF Toolbox, the one this plugin's own networks use.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Algorithm id&lt;/b&gt; and name; &lt;b&gt;Sensor&lt;/b&gt;: the LEAF_SENSOR value(s) of your stacks, comma-separated; &lt;b&gt;Resolution&lt;/b&gt; (m) the networks are meant for; &lt;b&gt;Variables&lt;/b&gt; (default LAI, fAPAR, fCOVER); &lt;b&gt;Overwrite&lt;/b&gt; an algorithm trained before with the same id.&lt;/li&gt;&lt;li&gt;Advanced: number of &lt;b&gt;simulations&lt;/b&gt; (0: the calibration's sampling plan, 41 472 for SL2P, about a minute per 30 000 on one core), random &lt;b&gt;seed&lt;/b&gt; (same inputs and seed: same networks), sun zenith range and maximum view zenith (degrees).&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;The algorithm definition in your profile's leaf_qgis/algorithms folder, its networks (LEAF CSV tables) in algorithms/networks/&amp;lt;id&amp;gt; and the installed networks in the network cache; outputs of leaf:estimate made with them say &lt;i&gt;trained by the user with leaf_qgis leaf:train&lt;/i&gt; in LEAF_NETWORKS with the seed, number of simulations, sha256 of the response table and the calibration. &lt;b&gt;Report&lt;/b&gt;: HTML (or text, for a .txt name) with the held-out RMSE and bias per variable in its unit (LAI m²/m²; fAPAR, fCOVER, albedo unitless; CCC µg/cm²; CWC g/cm²).&lt;/p&gt;&lt;p&gt;Needs the optional Python packages prosail and numba.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Jacquemoud S. et al. (2009) PROSPECT + SAIL models: a review of use for vegetation characterization. Remote Sensing of Environment 113:S56–S66.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Construit des réseaux de type SL2P pour votre propre capteur et les installe comme un algorithme qu'&lt;i&gt;Estimer les variables biophysiques&lt;/i&gt; (leaf:estimate) propose aussitôt. PROSAIL (PROSPECT-5 + 4SAIL) simule des couverts dont les paramètres d'entrée sont tirés des lois de l'étalonnage; chaque spectre est intégré à travers les réponses de vos bandes, le bruit du capteur de l'étalonnage est ajouté et, pour chaque variable, un réseau d'estimation et un réseau d'incertitude (5 neurones tansig chacun, Levenberg–Marquardt, partage 70/15/15 % entraînement/validation/contrôle) sont entraînés, avec les codes de domaine d'entrée des simulations.&lt;/p&gt;&lt;h3&gt;Entrées&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Réponses des bandes&lt;/b&gt; : une table CSV avec une colonne de longueur d'onde en nm (nommée &lt;i&gt;wavelength&lt;/i&gt; ou &lt;i&gt;wavelength_nm&lt;/i&gt;, croissante) et une colonne par bande contenant sa réponse spectrale relative (≥ 0); les en-têtes de colonnes sont les noms de bandes que vos piles doivent porter (p. ex. RED, NIR). Les bandes doivent se situer entre 400 et 2500 nm; n'importe quel pas d'échantillonnage (il est interpolé à 1 nm).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Étalonnage&lt;/b&gt; (facultatif) : un fichier JSON d'étalonnage leaf_qgis ou l'export CSV de la feuille Canopy_Atmos_Class_1 d'un classeur SL2P (son …__Sensor.csv à côté donne le modèle de bruit). Par défaut : l'étalonnage SL2P Sentinel-2 de la LEAF Toolbox, celui qu'utilisent les propres réseaux de cette extension.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Identifiant d'algorithme&lt;/b&gt; et nom; &lt;b&gt;Capteur&lt;/b&gt; : la ou les valeurs LEAF_SENSOR de vos piles, séparées par des virgules; &lt;b&gt;Résolution&lt;/b&gt; (m) à laquelle les réseaux sont destinés; &lt;b&gt;Variables&lt;/b&gt; (par défaut LAI, fAPAR, fCOVER); &lt;b&gt;Écraser&lt;/b&gt; un algorithme entraîné auparavant avec le même identifiant.&lt;/li&gt;&lt;li&gt;Avancé : nombre de &lt;b&gt;simulations&lt;/b&gt; (0 : le plan d'échantillonnage de l'étalonnage, 41 472 pour SL2P, environ une minute par 30 000 sur un cœur), &lt;b&gt;germe&lt;/b&gt; aléatoire (mêmes entrées et même germe : mêmes réseaux), intervalle d'angle zénithal solaire et angle zénithal de visée maximal (degrés).&lt;/li&gt;&lt;/ul&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;La définition d'algorithme dans le dossier leaf_qgis/algorithms de votre profil, ses réseaux (tables CSV LEAF) dans algorithms/networks/&amp;lt;id&amp;gt; et les réseaux installés dans le cache des réseaux; les sorties de leaf:estimate produites avec eux portent la mention &lt;i&gt;trained by the user with leaf_qgis leaf:train&lt;/i&gt; dans LEAF_NETWORKS, avec le germe, le nombre de simulations, le sha256 de la table de réponses et l'étalonnage. &lt;b&gt;Rapport&lt;/b&gt; : HTML (ou texte, pour un nom en .txt) avec la REQM et le biais sur l'échantillon de contrôle par variable, dans son unité (LAI m²/m²; fAPAR, fCOVER, albédo sans unité; CCC µg/cm²; CWC g/cm²).&lt;/p&gt;&lt;p&gt;Exige les paquets Python facultatifs prosail et numba.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Jacquemoud S. et al. (2009) PROSPECT + SAIL models: a review of use for vegetation characterization. Remote Sensing of Environment 113:S56–S66.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="83"/>
        <source>Band responses (CSV: wavelength in nm, one column per band)</source>
        <translation>Réponses des bandes (CSV : longueur d'onde en nm, une colonne par bande)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="84"/>
        <source>CSV files (*.csv *.txt);;All files (*.*)</source>
        <translation>Fichiers CSV (*.csv *.txt);;Tous les fichiers (*.*)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="86"/>
        <source>Calibration (JSON or Canopy_Atmos_Class_1 CSV; empty: SL2P Sentinel-2)</source>
        <translation>Étalonnage (JSON ou CSV Canopy_Atmos_Class_1; vide : SL2P Sentinel-2)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="87"/>
        <source>Calibration files (*.json *.csv);;All files (*.*)</source>
        <translation>Fichiers d'étalonnage (*.json *.csv);;Tous les fichiers (*.*)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="88"/>
        <source>Algorithm id (e.g. MYSAT_20M)</source>
        <translation>Identifiant d'algorithme (p. ex. MYSAT_20M)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="89"/>
        <source>Algorithm name (empty: from the id)</source>
        <translation>Nom de l'algorithme (vide : tiré de l'identifiant)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="92"/>
        <source>Sensor: the LEAF_SENSOR value(s) of the stacks, comma-separated</source>
        <translation>Capteur : la ou les valeurs LEAF_SENSOR des piles, séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="94"/>
        <source>Variables</source>
        <translation>Variables</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="96"/>
        <source>Resolution the networks are meant for (m)</source>
        <translation>Résolution à laquelle les réseaux sont destinés (m)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="99"/>
        <source>Overwrite an algorithm trained before with this id</source>
        <translation>Écraser un algorithme entraîné auparavant avec cet identifiant</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="101"/>
        <source>PROSAIL simulations (0: the calibration's plan)</source>
        <translation>Simulations PROSAIL (0 : le plan de l'étalonnage)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="104"/>
        <source>Random seed</source>
        <translation>Germe aléatoire</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="106"/>
        <source>Smallest sun zenith angle simulated (degrees)</source>
        <translation>Plus petit angle zénithal solaire simulé (degrés)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="109"/>
        <source>Largest sun zenith angle simulated (degrees)</source>
        <translation>Plus grand angle zénithal solaire simulé (degrés)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="112"/>
        <source>Largest view zenith angle simulated (degrees)</source>
        <translation>Plus grand angle zénithal de visée simulé (degrés)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="120"/>
        <source>Training report</source>
        <translation>Rapport d'entraînement</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="120"/>
        <source>HTML files (*.html);;Text files (*.txt)</source>
        <translation>Fichiers HTML (*.html);;Fichiers texte (*.txt)</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="122"/>
        <source>Algorithm id</source>
        <translation>Identifiant d'algorithme</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="123"/>
        <source>Networks folder</source>
        <translation>Dossier des réseaux</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="131"/>
        <source>The smallest sun zenith angle must be below the largest.</source>
        <translation>Le plus petit angle zénithal solaire doit être inférieur au plus grand.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/processing/train.py" line="156"/>
        <source>{0}: held-out RMSE {1:.4g}, bias {2:.3g}</source>
        <translation>{0} : REQM sur l'échantillon de contrôle {1:.4g}, biais {2:.3g}</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="94"/>
        <source>The response table %s could not be read: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s n'a pas pu être lue : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="98"/>
        <source>The response table %s is not a UTF-8 text (CSV) file.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s n'est pas un fichier texte (CSV) UTF-8.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="101"/>
        <source>The response table %s has fewer than two data rows.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a moins de deux lignes de données.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="108"/>
        <source>The response table %s has no wavelength column (a column named wavelength or wavelength_nm, in nm); its columns are %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s n'a pas de colonne de longueur d'onde (une colonne nommée wavelength ou wavelength_nm, en nm); ses colonnes sont %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="113"/>
        <source>The response table %s has a wavelength column but no band column.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a une colonne de longueur d'onde, mais aucune colonne de bande.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="115"/>
        <source>The response table %s has %d bands; at most %d are supported (one input-domain digit per band).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a %d bandes; au plus %d sont prises en charge (un chiffre de domaine d'entrée par bande).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="120"/>
        <source>The response table %s has a band column without a name (column %d).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a une colonne de bande sans nom (colonne %d).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="123"/>
        <source>The response table %s names a band %s, which is reserved for angles, MASK or LANDCOVER; rename it.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s nomme une bande %s, qui est réservée aux angles, à MASK ou à LANDCOVER; renommez-la.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="126"/>
        <source>The response table %s has two bands named %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a deux bandes nommées %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="132"/>
        <source>The response table %s: line %d has %d values, the header %d.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s : la ligne %d a %d valeurs, l'en-tête %d.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="137"/>
        <source>The response table %s: line %d holds a value that is not a finite number.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s : la ligne %d contient une valeur qui n'est pas un nombre fini.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="143"/>
        <source>The response table %s: wavelengths must increase from row to row, but %g nm is followed by %g nm.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s : les longueurs d'onde doivent croître d'une ligne à l'autre, mais %g nm est suivi de %g nm.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="147"/>
        <source>The response table %s has negative responses in band %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a des réponses négatives dans la bande %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="150"/>
        <source>The response table %s: band %s is zero everywhere.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s : la bande %s est nulle partout.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="167"/>
        <source>The response table %s has bands outside PROSAIL's 400-2500 nm range: %s of the response lies outside%s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La table de réponses %s a des bandes hors de l'intervalle 400-2500 nm de PROSAIL : %s de la réponse se situe à l'extérieur%s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="189"/>
        <source>The calibration %s could not be read: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'étalonnage %s n'a pas pu être lu : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="195"/>
        <source>The calibration %s is not a leaf_qgis calibration JSON file (%s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'étalonnage %s n'est pas un fichier JSON d'étalonnage leaf_qgis (%s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="201"/>
        <source>The calibration %s is not a Canopy_Atmos_Class_1 sheet: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'étalonnage %s n'est pas une feuille Canopy_Atmos_Class_1 : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="210"/>
        <source>The sensor sheet %s beside the calibration could not be read: %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La feuille du capteur %s à côté de l'étalonnage n'a pas pu être lue : %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="236"/>
        <source>The algorithm id %r is not valid: use 1-80 letters, digits, '_', '-' or '.', starting with a letter or digit.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'identifiant d'algorithme %r n'est pas valide : utilisez de 1 à 80 lettres, chiffres, '_', '-' ou '.', en commençant par une lettre ou un chiffre.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="240"/>
        <source>The algorithm id %s belongs to an algorithm shipped with the plugin; choose another id.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'identifiant d'algorithme %s appartient à un algorithme fourni avec l'extension; choisissez un autre identifiant.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="245"/>
        <source>An algorithm %s is already defined in %s; remove it or choose another id.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Un algorithme %s est déjà défini dans %s; supprimez-le ou choisissez un autre identifiant.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="251"/>
        <source>The algorithm %s exists already (%s); allow overwriting or choose another id.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'algorithme %s existe déjà (%s); autorisez l'écrasement ou choisissez un autre identifiant.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="260"/>
        <source>Training needs the Python packages prosail and numba, which are not installed: install the optional package prosail (and numba) into the Python that runs QGIS.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'entraînement exige les paquets Python prosail et numba, qui ne sont pas installés : installez le paquet facultatif prosail (et numba) dans le Python qui exécute QGIS.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="323"/>
        <source>Variables to train must be among %s (got %s).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les variables à entraîner doivent figurer parmi %s (reçu : %s).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="327"/>
        <source>Give the sensor as the LEAF_SENSOR value(s) its stacks carry, e.g. MYSAT or MYSAT1,MYSAT2 (letters, digits, '_', '-', '.').</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Indiquez le capteur par la ou les valeurs LEAF_SENSOR que portent ses piles, p. ex. MYSAT ou MYSAT1,MYSAT2 (lettres, chiffres, '_', '-', '.').</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="330"/>
        <source>The resolution must be a non-negative number of metres.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>La résolution doit être un nombre de mètres positif ou nul.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="339"/>
        <source>The folder %s is in the way of the networks of %s and was not made by leaf:train (no manifest.json); move it away or choose another id.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le dossier %s occupe la place des réseaux de %s et n'a pas été créé par leaf:train (pas de manifest.json); déplacez-le ou choisissez un autre identifiant.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="345"/>
        <source>The number of simulations must be between %d and %d (got %d).</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Le nombre de simulations doit être compris entre %d et %d (reçu : %d).</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="350"/>
        <source>The calibration %s has a noise model for %d bands with different values, which cannot serve the %d bands of %s.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>L'étalonnage %s a un modèle de bruit pour %d bandes aux valeurs différentes, qui ne peut pas servir aux %d bandes de %s.</translation>
    </message>
    <message>
        <location filename="../leaf_qgis/training/usertrain.py" line="586"/>
        <source>The calibration sheets of %s are not in %s/spec/calibration.</source>
        <extracomment>Engine error message (LeafError); keep every placeholder.</extracomment>
        <translation>Les feuilles d'étalonnage de %s ne se trouvent pas dans %s/spec/calibration.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Maps vegetation biophysical variables from surface reflectance with the SL2P neural networks of Canada's LEAF Toolbox, processing the input window by window.&lt;/p&gt;&lt;h3&gt;Input&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Analysis-ready stack&lt;/b&gt;: one raster whose band descriptions name its bands: reflectance by sensor band name (B3, B4, B5, B6, B7, B8A, B11, B12 for Sentinel-2; B03 is accepted) as physical reflectance or as integers with GDAL scale/offset metadata; angle bands SZA, VZA and SAA, VAA (or RAA) in degrees; optional MASK (1 = valid pixel, anything else is masked). Dataset metadata LEAF_SENSOR (e.g. S2A) and LEAF_DATE are read when present. Angles missing from the stack can be given as constants (advanced parameters, degrees).&lt;/p&gt;&lt;h3&gt;Algorithms&lt;/h3&gt;&lt;ul&gt;%s&lt;/ul&gt;&lt;p&gt;The published networks are downloaded on first use from their upstream repositories at pinned commits, checked against the catalog's sha256 and cached in your QGIS profile (see the Networks tools).&lt;/p&gt;&lt;h3&gt;Outputs&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Estimates&lt;/b&gt;: Cloud-Optimized GeoTIFF, float32, two bands per variable: the estimate and its uncertainty (expected absolute error, same unit), NaN where there is no estimate. Units: LAI m²/m²; fAPAR, fCOVER, albedo and DASF unitless; CCC µg/cm² (LAI × Cab); CWC g/cm² (LAI × Cw). Raw network outputs are written unclamped. With the LEAF production uint8 encoding (LAI, fAPAR, fCOVER and albedo only) values are trunc(max(value, 0) x factor), 255 is no data, and the GDAL scale makes QGIS show physical values.&lt;/p&gt;&lt;p&gt;&lt;b&gt;QC&lt;/b&gt;: written beside the estimates as &lt;i&gt;name&lt;/i&gt;_QC.tif, uint8 bits: 1 input outside the networks' training domain; 2 an estimate outside its valid range (LAI 0–15, fractions and albedo 0–1, CCC 0–700, CWC 0–0.55); 4 invalid pixel (MASK = 0 or reflectance outside −0.005–1.05), no estimate; 255 no data.&lt;/p&gt;&lt;h3&gt;Earth Engine backend&lt;/h3&gt;&lt;p&gt;With &lt;b&gt;Backend&lt;/b&gt; = Google Earth Engine the same algorithm definition and networks run on Earth Engine. &lt;b&gt;Earth Engine source&lt;/b&gt; is an image id (e.g. COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH) or a collection: S2 (COPERNICUS/S2_SR_HARMONIZED), L8, L9, L7, L5 (Landsat Collection-2 Level-2) or HLS_L30; a collection needs start and end dates and gives, per pixel, the most recent clear observation of the period (its date in &lt;i&gt;name&lt;/i&gt;_DATE.tif, days since 1970-01-01). The area (EXTENT, AREA's bounding box or TILE) is required; the CRS defaults to the UTM zone of its centre (EPSG:3979 for a TILE) and the resolution to 20 m (Sentinel-2) or 30 m. Masks follow the local readers (Sentinel-2 SCL 4 and 5 kept; Landsat QA_PIXEL fill, cirrus, cloud, shadow, snow and water removed; HLS Fmask bits 0-5); Sentinel-2 angles are the scene means of the image properties, as LEAF on Earth Engine; land cover is NALCMS 2020 over Copernicus 2019 remapped to the CCRS legend, or your own asset. Small areas are downloaded tile by tile into the output COGs; large areas become export tasks (Drive, Cloud Storage, asset), followed with the Earth Engine tasks tool. Credentials: 'earthengine authenticate', or a service-account key in the LEAF settings; the Cloud project must be registered for Earth Engine.&lt;/p&gt;&lt;h3&gt;References&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. LEAF Toolbox, Natural Resources Canada (Canada Centre for Remote Sensing).&lt;/p&gt;</source>
        <translation type="obsolete">&lt;p&gt;Cartographie les variables biophysiques de la végétation à partir de la réflectance de surface avec les réseaux de neurones SL2P de la boîte à outils LEAF (LEAF Toolbox) du Canada, en traitant l'entrée fenêtre par fenêtre.&lt;/p&gt;&lt;h3&gt;Entrée&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Pile prête à l'analyse&lt;/b&gt; : un raster dont les descriptions de bandes nomment les bandes : réflectance par nom de bande du capteur (B3, B4, B5, B6, B7, B8A, B11, B12 pour Sentinel-2; B03 est accepté), en réflectance physique ou en entiers avec des métadonnées GDAL d'échelle et de décalage (scale/offset); bandes d'angles SZA, VZA et SAA, VAA (ou RAA) en degrés; MASK facultatif (1 = pixel valide, toute autre valeur est masquée). Les métadonnées du jeu de données LEAF_SENSOR (p. ex. S2A) et LEAF_DATE sont lues si elles sont présentes. Les angles absents de la pile peuvent être fournis comme constantes (paramètres avancés, en degrés).&lt;/p&gt;&lt;h3&gt;Algorithmes&lt;/h3&gt;&lt;ul&gt;%s&lt;/ul&gt;&lt;p&gt;Les réseaux publiés sont téléchargés à la première utilisation depuis leurs dépôts d'origine, à des commits fixés, vérifiés par rapport au sha256 du catalogue et mis en cache dans votre profil QGIS (voir les outils Réseaux).&lt;/p&gt;&lt;h3&gt;Sorties&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Estimations&lt;/b&gt; : GeoTIFF optimisé pour l'infonuagique (COG), float32, deux bandes par variable : l'estimation et son incertitude (erreur absolue attendue, même unité), NaN là où il n'y a pas d'estimation. Unités : LAI m²/m²; fAPAR, fCOVER, albédo et DASF sans unité; CCC µg/cm² (LAI × Cab); CWC g/cm² (LAI × Cw). Les sorties brutes des réseaux sont écrites sans écrêtage. Avec l'encodage uint8 de production LEAF (LAI, fAPAR, fCOVER et albédo seulement), les valeurs sont trunc(max(valeur, 0) x facteur), 255 signifie aucune donnée, et l'échelle GDAL fait afficher les valeurs physiques par QGIS.&lt;/p&gt;&lt;p&gt;&lt;b&gt;QC&lt;/b&gt; (contrôle de qualité) : écrit à côté des estimations sous le nom &lt;i&gt;nom&lt;/i&gt;_QC.tif, bits uint8 : 1 entrée hors du domaine d'entraînement des réseaux; 2 estimation hors de son intervalle valide (LAI 0–15, fractions et albédo 0–1, CCC 0–700, CWC 0–0,55); 4 pixel invalide (MASK = 0 ou réflectance hors de −0,005–1,05), aucune estimation; 255 aucune donnée.&lt;/p&gt;&lt;h3&gt;Moteur Earth Engine&lt;/h3&gt;&lt;p&gt;Avec &lt;b&gt;Moteur&lt;/b&gt; = Google Earth Engine, la même définition d'algorithme et les mêmes réseaux s'exécutent sur Earth Engine. La &lt;b&gt;source Earth Engine&lt;/b&gt; est un identifiant d'image (p. ex. COPERNICUS/S2_SR_HARMONIZED/20190816T163901_20190816T164708_T17TNH) ou une collection : S2 (COPERNICUS/S2_SR_HARMONIZED), L8, L9, L7, L5 (Landsat Collection 2 niveau 2) ou HLS_L30; une collection demande des dates de début et de fin et donne, par pixel, l'observation dégagée la plus récente de la période (sa date dans &lt;i&gt;nom&lt;/i&gt;_DATE.tif, en jours depuis le 1970-01-01). La zone (EXTENT, rectangle englobant de AREA ou TILE) est obligatoire; le SCR par défaut est la zone UTM de son centre (EPSG:3979 pour une TILE) et la résolution 20 m (Sentinel-2) ou 30 m. Les masques suivent les lecteurs locaux (Sentinel-2 : SCL 4 et 5 conservées; Landsat : QA_PIXEL remplissage, cirrus, nuage, ombre, neige et eau retirés; HLS : bits 0-5 de Fmask); les angles Sentinel-2 sont les moyennes de scène des propriétés de l'image, comme LEAF sur Earth Engine; la couverture terrestre est NALCMS 2020 sur Copernicus 2019 reclassée dans la légende du CCRS, ou votre propre asset. Les petites zones sont téléchargées tuile par tuile dans les COG de sortie; les grandes deviennent des tâches d'exportation (Drive, Cloud Storage, asset), suivies avec l'outil des tâches Earth Engine. Identifiants : « earthengine authenticate », ou une clé de compte de service dans les paramètres LEAF; le projet Cloud doit être inscrit à Earth Engine.&lt;/p&gt;&lt;h3&gt;Références&lt;/h3&gt;&lt;p&gt;Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1. Fernandes R. et al. (2023) Remote Sensing of Environment 293:113600. LEAF Toolbox, Ressources naturelles Canada (Centre canadien de télédétection).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Algorithm definition %s could not be read: %s.</source>
        <translation type="obsolete">La définition d'algorithme %s n'a pas pu être lue : %s.</translation>
    </message>
    <message>
        <source>Catalog file %s could not be read: %s.</source>
        <translation type="obsolete">Le fichier de catalogue %s n'a pas pu être lu : %s.</translation>
    </message>
    <message>
        <source>Could not read %s of %s at pixel %d, %d%s.</source>
        <translation type="obsolete">Impossible de lire %s de %s au pixel %d, %d%s.</translation>
    </message>
    <message>
        <source>The output %s is one of the inputs; choose another output file.</source>
        <translation type="obsolete">La sortie %s est l'une des entrées; choisissez un autre fichier de sortie.</translation>
    </message>
    <message>
        <source>The output %s is the input stack; choose another output file.</source>
        <translation type="obsolete">La sortie %s est la pile d'entrée; choisissez un autre fichier de sortie.</translation>
    </message>
    <message>
        <source>The band file %s is corrupt: GDAL could not read it at pixel %d, %d%s.</source>
        <translation type="obsolete">Le fichier de bande %s est corrompu : GDAL n'a pas pu le lire au pixel %d, %d%s.</translation>
    </message>
    <message>
        <source>Could not read %s (band %s of %s) at pixel %d, %d%s.</source>
        <translation type="obsolete">Impossible de lire %s (bande %s de %s) au pixel %d, %d%s.</translation>
    </message>
    <message>
        <source>Could not read band %s of %s at pixel %d, %d%s.</source>
        <translation type="obsolete">Impossible de lire la bande %s de %s au pixel %d, %d%s.</translation>
    </message>
</context>
</TS>
