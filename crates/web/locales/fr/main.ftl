## Layout
site-name = Mandat
site-tagline = Accès des organisations aux services en ligne des ministères et organismes
skip-to-content = Passer au contenu principal
lang-switch = English
lang-switch-label = Read this page in English
footer-about = Mandat permet aux organisations de gérer qui peut agir pour elles dans les services en ligne des ministères et organismes, pour quelles tâches et jusqu'à quand.
footer-languages = Langues
main-navigation = Navigation principale

## Home page
home-title = Gérer les accès de votre organisation aux services en ligne
home-lead = Mandat réunit en un seul endroit l'inscription aux services en ligne, les demandes d'accès, les procurations et l'administration de la sécurité des organisations.
home-officers-title = Responsables de la sécurité
home-officers-text = Demandez, accordez, renouvelez, limitez et retirez les accès des personnes qui agissent pour votre organisation, sans jamais perdre le contrôle de son dossier de sécurité.
home-agencies-title = Ministères et organismes
home-agencies-text = Approuvez les inscriptions à vos services et demandez à Mandat, par des protocoles standards, qui peut faire quoi pour une organisation en ce moment.
home-central-title = Groupe central de la sécurité
home-central-text = Délivrez les codes d'enregistrement, traitez ce que les responsables ne peuvent pas faire eux-mêmes et répondez de l'ensemble.

## Errors
not-found-title = Page introuvable
not-found-text = La page demandée n'existe pas ou a été déplacée. Vérifiez l'adresse, ou retournez à l'accueil.
back-home = Retour à l'accueil
error-title = Une erreur est survenue
error-text = Le service n'a pas pu traiter votre demande et rien n'a été modifié. Réessayez dans quelques instants. Si le problème persiste, communiquez avec le soutien technique en indiquant le numéro de référence ci-dessous.
error-reference = Numéro de référence

## Fields
field-organization-name = Nom ou raison sociale
field-address = Adresse
field-city = Ville
field-postal-code = Code postal
field-phone = Téléphone
field-phone-extension = Poste
field-fax = Télécopieur
field-neq = NEQ
field-education-number = Numéro du ministère de l'Éducation
field-title = Titre
field-last-name = Nom de famille
field-first-name = Prénom
field-nas-partial = NAS partiel
field-email = Adresse courriel
field-profiles = Profil demandé
field-agency-code = Code de l'organisme
field-service-code = Code du service
field-task-code = Code de la tâche
field-name-fr = Nom en français
field-name-en = Nom en anglais
field-description-fr = Description en français
field-description-en = Description en anglais
field-contact-hours = Heures de service
field-user-code = Code d'utilisateur
field-password = Mot de passe
field-password-confirmation = Confirmation du mot de passe

## Problems with a field's value
problem-required = Le champ « { $field } » est obligatoire.
problem-too-long = Le champ « { $field } » ne doit pas dépasser { $n } caractères.
problem-digits = Le champ « { $field } » doit compter exactement { $n } chiffres.
problem-postal-code = Le champ « { $field } » doit contenir un code postal canadien, par exemple G1R 4Z1.
problem-phone = Le champ « { $field } » doit contenir un numéro de téléphone à 10 chiffres, par exemple 418 646-7081.
problem-extension = Le champ « { $field } » doit compter de 1 à 6 chiffres.
problem-email = Le champ « { $field } » doit contenir une adresse courriel, par exemple prenom.nom@exemple.qc.ca.
problem-code = Le champ « { $field } » ne peut contenir que des lettres sans accents, des chiffres et des traits d'union, { $n } au plus.
problem-not-a-choice = Le champ « { $field } » doit contenir l'un des choix offerts.
problem-control-character = Le champ « { $field } » contient un caractère non permis.
problem-one-officer-profile = Cochez un seul des profils « Responsable principal Sécurité » ou « Responsable auxiliaire Sécurité ».
problem-one-extraction-choice = Cochez « Avec extraction » ou « Sans extraction », mais pas les deux.
problem-too-short = Le champ « { $field } » doit compter au moins { $n } caractères.
problem-user-code-characters = Le champ « { $field } » ne peut contenir que des lettres sans accents et des chiffres.
problem-made-from-name = Le code d'utilisateur ne doit pas être formé d'une suite de caractères permettant de vous identifier par votre nom ou votre prénom.
problem-password-composition = Le mot de passe doit contenir au moins une lettre majuscule, une lettre minuscule et un chiffre.
problem-contains-user-code = Le mot de passe ne doit pas contenir votre code d'utilisateur.
problem-contains-name = Le mot de passe ne doit pas contenir votre nom ou votre prénom.
problem-mismatch = Le champ « { $field } » ne correspond pas à ce que vous avez saisi la première fois.
