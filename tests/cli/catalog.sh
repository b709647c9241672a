# Shared by the catalog's end-to-end tests (sourced after lib.sh).
# Puts the catalog-add fixture on PATH and makes a small collection in $T/c.

# The catalog-add fixture is built by make with the library under test (ASan build included).
cp "$VOX_BUILD/tests/cli/catalog-add" "$T/catalog-add" ||
	{ echo "Bail out! no catalog-add in $VOX_BUILD (run through make check)"; exit 1; }
PATH="$T:$PATH"
export PATH

# Scrubbed copies of a few corpus photos: real JPEG bytes, distinct from each other.
mkphotos() {
	_i=0
	for _f in Canon_40D.jpg Nikon_D70.jpg Pentax_K10D.jpg Sony_HDR-HC3.jpg Kodak_CX7530.jpg \
	    Olympus_C8080WZ.jpg; do
		_i=$((_i + 1))
		vox scrub -q -o "$T/p$_i.jpg" "$VOX_CORPUS/jpg/$_f" || {
			echo "Bail out! vox scrub failed on $_f"
			exit 1
		}
	done
}

# A collection with two pairs and three sites.
mkcollection() {
	vox init -q "$T/c" --title "Test photovoice" &&
	vox pair -q -C "$T/c" add cornwall --name "Cornwall" &&
	vox pair -q -C "$T/c" add wales &&
	vox site -q -C "$T/c" add truro-foodbank --pair cornwall --setting urban &&
	vox site -q -C "$T/c" add cornwall-farm --pair cornwall --setting rural &&
	vox site -q -C "$T/c" add cardiff-refugees --pair wales --setting urban
}

# outputs_collection: for the outputs' tests, the collection $C (= $T/c, also
# $VOX_COLLECTION) with two photos of P07 (p1.jpg and p2.jpg of mkphotos) with their titles
# and stories (STORYTITLE_A, STORYTEXT_A; _B), consented for reports, and an empty folder
# $O for outputs outside it. C, O and T are exported.
outputs_collection() {
	C="$T/c" O="$T/out" VOX_COLLECTION="$T/c"
	export C O T VOX_COLLECTION
	mkphotos && mkcollection &&
	catalog-add "$C" P07 truro-foodbank "$T/p1.jpg" title="STORYTITLE_A" \
		story="STORYTEXT_A" alt="A door" consent=report people=none >/dev/null &&
	catalog-add "$C" P07 truro-foodbank "$T/p2.jpg" title="STORYTITLE_B" \
		story="STORYTEXT_B" alt="A field" consent=report people=none >/dev/null &&
	mkdir -p "$O"
}
