"""Faces on the real test photos (../shared/testdata/faces): same person matches, different people do
not, a simulated ID-card photo matches its owner, no face is refused with a reason."""


import cv2
import pytest

from kiosk.verification.face import DEFAULT_THRESHOLD, FaceEngine, FaceProblem, FaceRejected, Match

from .facetools import FACES, chip_like_photo



@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def rgb(name: str):
    image = cv2.imread(str(FACES / name))
    assert image is not None, name
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def descriptor(engine, name):
    image = rgb(name)
    return engine.descriptor(image, engine.the_face(image, upsample=1))


def test_same_person_matches_and_different_people_do_not(engine):
    obama, obama2 = descriptor(engine, "obama.jpg"), descriptor(engine, "obama2.jpg")
    biden, biden2 = descriptor(engine, "biden.jpg"), descriptor(engine, "biden2.jpg")
    same = [obama.distance(obama2), biden.distance(biden2)]
    different = [obama.distance(biden), obama.distance(biden2), obama2.distance(biden), obama2.distance(biden2)]
    assert max(same) < DEFAULT_THRESHOLD < min(different), (same, different)
    assert Match(obama.distance(obama2), DEFAULT_THRESHOLD).same_person
    assert not Match(obama.distance(biden), DEFAULT_THRESHOLD).same_person


def test_a_chip_like_photo_matches_its_owner_only(engine):
    card = engine.card_photo_descriptor(chip_like_photo(engine, rgb("obama2.jpg")))
    assert card.distance(descriptor(engine, "obama.jpg")) < DEFAULT_THRESHOLD
    assert card.distance(descriptor(engine, "biden.jpg")) > DEFAULT_THRESHOLD


def test_no_face_is_refused_with_a_reason(engine):
    with pytest.raises(FaceRejected) as refused:
        engine.the_face(rgb("no_face_dogs.jpg"), upsample=1)
    assert refused.value.problem is FaceProblem.NO_FACE


def test_two_people_in_the_frame_are_refused(engine):
    a, b = rgb("obama.jpg"), rgb("biden.jpg")
    height = min(a.shape[0], b.shape[0])
    both = cv2.hconcat([cv2.resize(a, (a.shape[1] * height // a.shape[0], height)),
                        cv2.resize(b, (b.shape[1] * height // b.shape[0], height))])
    with pytest.raises(FaceRejected) as refused:
        engine.the_face(both, upsample=0)
    assert refused.value.problem is FaceProblem.TWO_FACES


def test_descriptors_are_wiped(engine):
    d = descriptor(engine, "obama.jpg")
    d.wipe()
    assert not d.vector.any()
