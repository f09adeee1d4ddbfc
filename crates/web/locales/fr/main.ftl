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
problem-incorrect = Le champ « { $field } » est incorrect.
problem-same-as-before = Le nouveau mot de passe doit être différent de l'actuel.
problem-taken = Ce code d'utilisateur est déjà pris. Choisissez-en un autre.
problem-date-range = Le champ « { $field } » doit contenir une date postérieure à aujourd'hui et d'au plus un an (la durée maximale permise est de un an).
problem-date = Le champ « { $field } » doit contenir une date, par exemple 2027-03-31.
problem-registration-code-format = Le champ « { $field } » doit contenir les 12 lettres et chiffres reçus par courriel, par exemple K7QM-2XPD-9WHT.
problem-not-current-code = Le champ « { $field } » ne correspond pas au code que votre application affiche maintenant. Vérifiez que l'heure de votre appareil est juste, puis saisissez le code affiché.

field-current-password = Mot de passe actuel
field-second-factor-code = Code de validation multifacteur
field-registration-code = Code d'enregistrement
field-access-expires-on = Date d'expiration de l'accès
hint-registration-code = Le code reçu par courriel, par exemple K7QM-2XPD-9WHT.
hint-nas-partial = Les six premiers chiffres de votre numéro d'assurance sociale.
hint-user-code = Au moins 6 lettres sans accents ou chiffres. Il ne doit pas être formé de votre nom ou de votre prénom.
hint-second-factor-code = Les 6 chiffres reçus par courriel ou affichés par votre application, ou un code de récupération.
field-authenticator-code = Code affiché par l'application
hint-authenticator-code = Les 6 chiffres que votre application affiche pour Mandat.

## Common
save = Enregistrer
continue = Continuer
sign-out = Sortir de l'application
error-summary-title = Veuillez corriger ce qui suit
forbidden-title = Accès refusé
forbidden-text = Vous n'avez pas accès à cette page.
csrf-title = Formulaire expiré
csrf-text = Ce formulaire a expiré ou provient d'un autre site. Revenez à la page, rechargez-la et recommencez.
saved-title = Enregistrement fait avec succès
saved-confidentiality = Vous êtes responsable du maintien de la confidentialité de votre code d'utilisateur et de votre mot de passe. Dans le cas où la confidentialité de ces renseignements viendrait à être compromise, veuillez en avertir le responsable de la sécurité de votre organisme le plus tôt possible, afin d'éviter une éventuelle utilisation frauduleuse de votre identité. Dans cette situation il est recommandé de désactiver son code utilisateur.
signed-out-title = Vous avez quitté l'application
signed-out-text = Votre session est terminée. Fermez votre navigateur si vous utilisez un poste partagé.
sign-in-again = Se connecter de nouveau

## Sign-in
sign-in-title = Connexion
sign-in-submit = Se connecter
sign-in-register-lead = Vous avez reçu un code d'enregistrement ?
sign-in-register-link = Inscrivez-vous.
sign-in-invalid = Le code d'utilisateur ou le mot de passe est invalide.
sign-in-inactive-title = Code d'utilisateur inactif
sign-in-inactive-text = Votre code d'utilisateur est inactif. Communiquez avec le responsable de la sécurité de votre organisme ou avec le Groupe central de la sécurité.
second-factor-title = Code de validation multifacteur
second-factor-lead = Pour terminer la connexion, demandez un code de validation multifacteur. Il vous sera transmis à votre adresse courriel; saisissez-le ci-dessous.
second-factor-send = Recevoir un code par courriel
second-factor-submit = Valider
second-factor-code-sent = Un code vous a été transmis par courriel. Il est valide pendant 10 minutes.
second-factor-invalid = Le code de validation est invalide ou expiré. Demandez-en un nouveau au besoin.
second-factor-app-lead = Saisissez le code affiché par votre application d'authentification, ou demandez un code par courriel.
second-factor-recovery = Vous n'avez ni votre courriel ni votre application ? Saisissez un de vos codes de récupération.

## Authenticator app and recovery codes (E2)
authenticator-title = Application d'authentification
authenticator-none = Aucune application d'authentification n'est associée à votre code d'utilisateur. Une application (par exemple Microsoft Authenticator, Google Authenticator ou FreeOTP) vous évite d'attendre un courriel à chaque connexion.
authenticator-active = Une application d'authentification est associée à votre code d'utilisateur. Vous pouvez aussi toujours recevoir un code par courriel.
authenticator-start = Associer une application
authenticator-replace = Associer une autre application
authenticator-remove = Retirer l'application
authenticator-scan = Dans votre application, ajoutez un compte en balayant ce code QR.
authenticator-qr-label = Code QR à balayer avec votre application d'authentification
authenticator-typed-key = Ou saisissez cette clé à la main :
authenticator-confirm-lead = Saisissez ensuite le code que l'application affiche pour Mandat, pour confirmer qu'elle fonctionne.
authenticator-confirm = Confirmer
authenticator-added = Votre application d'authentification est associée. Voici vos codes de récupération.
authenticator-removed = L'application d'authentification a été retirée.
recovery-title = Codes de récupération
recovery-lead = Un code de récupération remplace le code de validation multifacteur quand vous n'avez ni votre courriel ni votre application. Chacun ne sert qu'une fois.
recovery-codes-left = { $count ->
    [0] Il ne vous reste aucun code de récupération.
    [one] Il vous reste 1 code de récupération.
   *[other] Il vous reste { $count } codes de récupération.
}
recovery-renew = Créer de nouveaux codes
recovery-renew-warning = Les nouveaux codes remplaceront les anciens, qui ne fonctionneront plus.
recovery-codes-made = Voici vos nouveaux codes de récupération. Les anciens ne fonctionnent plus.
recovery-codes-keep = Conservez ces codes en lieu sûr, hors de votre ordinateur si possible. Ils ne seront plus affichés.
recovery-codes-done = Retour au menu principal

## Main menu
menu-title = Menu principal
menu-central = Groupe central de la sécurité
menu-authentication = Gestion de votre authentification

## Password
password-title = Modifier votre mot de passe
password-temporary = Votre mot de passe est temporaire. Vous devez le modifier.
password-rules = Le mot de passe compte au moins 10 caractères, dont une lettre majuscule, une lettre minuscule et un chiffre. Il ne doit contenir ni votre code d'utilisateur, ni votre nom, ni votre prénom.
password-once-a-day = Vous ne pouvez modifier votre mot de passe qu'une fois par jour.

## Registration
registration-title = Inscription – Code d'enregistrement
registration-lead = Saisissez le code d'enregistrement reçu par courriel et les six premiers chiffres de votre numéro d'assurance sociale.
registration-invalid = Le code d'enregistrement ou le NAS partiel est invalide.
registration-suspended = Ce code d'enregistrement est suspendu à la suite de plusieurs essais infructueux. Communiquez avec le Groupe central de la sécurité.
registration-used = Ce code d'enregistrement a déjà servi. Connectez-vous avec votre code d'utilisateur.
registration-replaced = Un nouveau code d'enregistrement vous a été transmis; utilisez le plus récent.
registration-expired = Le délai de quatre jours ouvrables pour utiliser ce code est expiré. Communiquez avec le Groupe central de la sécurité, qui peut le prolonger de deux jours ouvrables après avoir vérifié votre identité.
identification-title = Fiche d'identification
identification-lead = Voici les renseignements que le Groupe central de la sécurité a inscrits à votre dossier.
identification-name = Nom
identification-nas-confirmed = Vérifié
identification-organization = Organisme
identification-corrections = Si un renseignement est inexact, terminez votre inscription, puis demandez la correction au Groupe central de la sécurité.
registration-choice-title = Choix du code d'utilisateur et du mot de passe
registration-choice-lead = { $name }, choisissez votre code d'utilisateur et votre mot de passe. Le mot de passe est à saisir deux fois.

## Central
central-codes-title = Codes d'enregistrement
central-organizations = Organismes
central-people = Personnes de l'organisme
central-profile = Profil
central-registration-code = Code d'enregistrement
central-action = Action
central-issue = Émettre un code
central-extend = Prolonger de deux jours ouvrables
central-unknown-person = Cette personne est introuvable.
central-has-account = { $name } a déjà un code d'utilisateur.
central-code-sent = Le code d'enregistrement de { $name } lui a été transmis à { $email }. Il est valide jusqu'au { $date } inclusivement.
central-nas-mismatch = Le NAS partiel ne correspond pas à celui de { $name }.
central-not-extendable = Le NAS partiel correspond. Le code de { $name } n'est ni expiré ni suspendu : rien n'a été prolongé.
central-code-extended = Le NAS partiel correspond. Le code de { $name } est prolongé jusqu'au { $date } inclusivement.
code-state-active = Actif jusqu'au { $date }
code-state-suspended = Suspendu
code-state-expired = Expiré
code-state-used = Utilisé

## Deactivation
field-reason = Raison de désactivation
field-other-reason = Autre raison de désactivation
hint-other-reason = Obligatoire si vous choisissez « Autre raison ».
cancel = Annuler
deactivation-title = Désactivation de votre code d'utilisateur
deactivation-lead = Désactivez votre code d'utilisateur lorsque vous changez de fonction ou quittez votre emploi, pour longtemps ou pour de bon. Indiquez votre mot de passe et la raison de désactivation.
deactivation-choose = Choisissez une raison
deactivation-confirm = Vous avez demandé de désactiver votre code d'utilisateur. Voulez-vous toujours le désactiver ?
deactivation-submit = Désactiver
deactivation-done = Votre code d'utilisateur a été désactivé.
too-many-title = Trop de tentatives
too-many-text = Trop de tentatives infructueuses ont été faites à partir de votre poste. Attendez 15 minutes avant de réessayer.
identity-title = Vos renseignements d'identification
identity-expires-on = Date d'expiration de votre code d'utilisateur
identity-password-changed = Dernier changement du mot de passe
identity-corrections = Pour corriger votre nom, votre prénom, votre téléphone, votre adresse courriel ou votre NAS partiel, ou pour modifier votre profil, adressez une demande au Groupe central de la sécurité. Un changement d'adresse courriel vous sera confirmé par courriel.
